package io.mysqlmongosync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server on a free loopback UDP port that answers SRV and TXT questions from fixed tables (everything else:
 * an empty NOERROR answer). Enough for a {@code mongodb+srv://} lookup: {@code _mongodb._tcp.<host>} SRV and
 * {@code <host>} TXT. Records the questions it was asked ({@code "SRV _mongodb._tcp.x"}).
 */
public final class DnsStub implements AutoCloseable {

    /** One SRV answer: target host and port. */
    public record Srv(String target, int port) {
    }

    private static final int SRV = 33;
    private static final int TXT = 16;

    private final DatagramSocket socket;
    private final Map<String, List<Srv>> srv;
    private final Map<String, List<String>> txt;
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /** Starts answering {@code srv} and {@code txt} records (names without the trailing dot). */
    public DnsStub(Map<String, List<Srv>> srv, Map<String, List<String>> txt) throws SocketException {
        this.srv = srv;
        this.txt = txt;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "dns-stub");
        thread.setDaemon(true);
        thread.start();
    }

    /** The UDP port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** The questions asked so far, as {@code "<type> <name>"}. */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] answer = answer(packet.getData(), packet.getLength());
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] q, int length) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (q[pos] != 0) {
            int len = q[pos] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, len, StandardCharsets.US_ASCII));
            pos += len + 1;
        }
        pos++;
        int type = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        String host = name.toString().toLowerCase(Locale.ROOT);
        questions.add((type == SRV ? "SRV " : type == TXT ? "TXT " : "type" + type + " ") + host);

        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        int count = 0;
        if (type == SRV) {
            for (Srv s : srv.getOrDefault(host, List.of())) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                short16(data, 0); // priority
                short16(data, 0); // weight
                short16(data, s.port());
                name(data, s.target());
                record(answers, SRV, data.toByteArray());
                count++;
            }
        } else if (type == TXT) {
            for (String t : txt.getOrDefault(host, List.of())) {
                byte[] bytes = t.getBytes(StandardCharsets.US_ASCII);
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                data.write(bytes.length);
                data.writeBytes(bytes);
                record(answers, TXT, data.toByteArray());
                count++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]); // the question's id
        short16(out, 0x8180); // response, recursion desired and available, NOERROR
        short16(out, 1);
        short16(out, count);
        short16(out, 0);
        short16(out, 0);
        out.write(q, 12, questionEnd - 12);
        out.writeBytes(answers.toByteArray());
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] data) {
        short16(out, 0xC00C); // the name of the question
        short16(out, type);
        short16(out, 1); // IN
        short16(out, 0);
        short16(out, 60); // TTL
        short16(out, data.length);
        out.writeBytes(data);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xff);
        out.write(v & 0xff);
    }

    @Override
    public void close() {
        socket.close();
    }
}
