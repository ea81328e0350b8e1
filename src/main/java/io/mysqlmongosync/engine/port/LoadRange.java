package io.mysqlmongosync.engine.port;

/**
 * One primary-key range of a split initial load, with its own resumable position: the rows whose leading key
 * column lies in {@code [lower, upper)}. The first range has no lower bound and the last no upper bound, so the
 * ranges together cover every key.
 *
 * @param lower inclusive lower bound of the leading key column, or null for none
 * @param upper exclusive upper bound of the leading key column, or null for none
 * @param position last primary key written in this range, or null before its first page
 * @param done whether the range has been loaded completely
 */
public record LoadRange(Long lower, Long upper, Object[] position, boolean done) {

    /** This range advanced to {@code key}. */
    public LoadRange at(Object[] key) {
        return new LoadRange(lower, upper, key, done);
    }

    /** This range, finished. */
    public LoadRange finished() {
        return new LoadRange(lower, upper, position, true);
    }

    /**
     * Splits the keys {@code min..max} of an integer column into at most {@code parts} contiguous ranges of equal
     * width (the first open below, the last open above); null when fewer than two ranges result.
     */
    public static java.util.List<LoadRange> split(long min, long max, int parts) {
        java.math.BigInteger span = java.math.BigInteger.valueOf(max).subtract(java.math.BigInteger.valueOf(min))
                .add(java.math.BigInteger.ONE);
        if (parts < 2 || span.signum() <= 0) {
            return null;
        }
        int n = span.compareTo(java.math.BigInteger.valueOf(parts)) < 0 ? span.intValue() : parts;
        if (n < 2) {
            return null;
        }
        java.math.BigInteger[] qr = span.divideAndRemainder(java.math.BigInteger.valueOf(n));
        java.math.BigInteger step = qr[1].signum() == 0 ? qr[0] : qr[0].add(java.math.BigInteger.ONE);
        java.util.List<LoadRange> ranges = new java.util.ArrayList<>(n);
        Long lower = null;
        for (int i = 1; i <= n; i++) {
            java.math.BigInteger bound = java.math.BigInteger.valueOf(min).add(step.multiply(java.math.BigInteger.valueOf(i)));
            Long upper = i == n || bound.compareTo(java.math.BigInteger.valueOf(max)) > 0 ? null : bound.longValueExact();
            ranges.add(new LoadRange(lower, upper, null, false));
            if (upper == null) {
                break;
            }
            lower = upper;
        }
        return ranges.size() < 2 ? null : ranges;
    }
}
