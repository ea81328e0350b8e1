package io.mysqlmongosync.bench;

import java.util.List;
import java.util.Locale;

/** A dependency-free SVG line chart: throughput (rows/s, left axis) and heap used (MiB, right axis) over time. */
final class Charts {

    /** One sample of the initial load. */
    record Sample(double t, long docs, double rowsPerS, double heapMb, double rssMb) {
    }

    /** One line of the chart. */
    record Series(String label, List<Sample> samples, String color) {
    }

    private Charts() {
    }

    static String throughputSvg(String title, List<Series> series) {
        int w = 900;
        int h = 420;
        int left = 70;
        int right = 70;
        int top = 40;
        int bottom = 50;
        double maxT = 1;
        double maxR = 1;
        double maxH = 1;
        for (Series s : series) {
            for (Sample p : s.samples()) {
                maxT = Math.max(maxT, p.t());
                maxR = Math.max(maxR, p.rowsPerS());
                maxH = Math.max(maxH, p.heapMb());
            }
        }
        maxR = nice(maxR);
        maxH = nice(maxH);
        double pw = w - left - right;
        double ph = h - top - bottom;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                left, esc(title)));
        for (int i = 0; i <= 5; i++) {
            double y = top + ph - ph * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, y, left + pw, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f</text>%n",
                    left - 6, y + 4, maxR * i / 5));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#888\">%.0f</text>%n",
                    left + pw + 6, y + 4, maxH * i / 5));
        }
        for (int i = 0; i <= 10; i++) {
            double x = left + pw * i / 10;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>%n",
                    x, top + ph + 18, maxT * i / 10));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">seconds since trigger"
                + "</text>%n", left + pw / 2, h - 8));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">"
                + "rows/s (target documents per second)</text>%n", top + ph / 2));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%.1f) rotate(90)\" text-anchor=\"middle\" "
                + "fill=\"#888\">heap used MiB (dashed)</text>%n", w - 14, top + ph / 2));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", left, top, pw, ph));
        int legendY = top + 14;
        for (Series s : series) {
            StringBuilder rate = new StringBuilder();
            StringBuilder heap = new StringBuilder();
            for (Sample p : s.samples()) {
                double x = left + pw * p.t() / maxT;
                rate.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + ph - ph * p.rowsPerS() / maxR));
                if (p.heapMb() >= 0) {
                    heap.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + ph - ph * p.heapMb() / maxH));
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    s.color(), rate.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1\" "
                    + "stroke-dasharray=\"4,3\" opacity=\"0.7\" points=\"%s\"/>%n", s.color(), heap.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>%n", left + pw - 230, legendY - 4, s.color(), left + pw - 214,
                    legendY, esc(s.label())));
            legendY += 16;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double nice(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
