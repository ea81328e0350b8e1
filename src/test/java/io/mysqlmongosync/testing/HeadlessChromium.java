package io.mysqlmongosync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real headless Chromium (Debian's {@code chromium}, or {@code CHROMIUM_BIN}) driven over the DevTools protocol
 * with the JDK's WebSocket client: open a page, evaluate JavaScript in it (to read the DOM and to click), take a
 * screenshot. Every call has a time bound; {@link #close} kills the browser and removes its profile directory.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary: {@code CHROMIUM_BIN}, else {@code chromium} on the PATH. */
    public static String binary() {
        String configured = System.getenv("CHROMIUM_BIN");
        return configured == null || configured.isBlank() ? "chromium" : configured;
    }

    /** Starts the browser with a blank page of the given size and attaches to that page. */
    public static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("mms-chromium");
        Process process;
        try {
            process = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new IllegalStateException("Cannot start " + binary() + " (install Debian's chromium package, as"
                    + " .ci/run does, or set CHROMIUM_BIN): " + e.getMessage(), e);
        }
        try {
            String browserUrl = devToolsUrl(process);
            URI http = URI.create(browserUrl.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String pageSocket;
            try {
                pageSocket = Awaitility.await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(100)).until(() -> pageSocket(client, http), Objects::nonNull);
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("Chromium opened no page target", e);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(pageSocket), new Listener(message -> self[0].onMessage(message)))
                    .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, ws);
            self[0].call("Page.enable", null);
            self[0].call("Runtime.enable", null);
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    /** Reads the browser's output until it names its DevTools endpoint (at most 30 s). */
    private static String devToolsUrl(Process process) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the browser went away; the timeout below reports it
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited: " + output));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            synchronized (output) {
                throw new IllegalStateException("Chromium did not open DevTools within 30 s: " + output, e);
            }
        }
    }

    /** The DevTools socket of the browser's page target listed at {@code http}, or null while there is none. */
    private static String pageSocket(HttpClient client, URI http) throws Exception {
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        String pageSocket = null;
        for (JsonNode target : new ObjectMapper().readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        return pageSocket;
    }

    /** Navigates to the URL and waits for its load event. */
    public void open(String url) throws Exception {
        ObjectNode params = json.createObjectNode().put("url", url);
        call("Page.navigate", params);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> "complete".equals(evaluate("document.readyState").asText()));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The page did not finish loading: " + url, e);
        }
    }

    /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = json.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls a boolean JavaScript expression until it is true, at most {@code timeout}. */
    public void await(String expression, Duration timeout) throws Exception {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> evaluate(expression).asBoolean(false));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Not true in the page after " + timeout.toSeconds() + " s: " + expression
                    + "\nPage text: " + evaluate("document.body.innerText").asText(), e);
        }
    }

    /** Writes a PNG screenshot of the whole page to the file. */
    public void screenshot(Path file) throws Exception {
        ObjectNode params = json.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        JsonNode result = call("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(result.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(json.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void onMessage(String text) {
        try {
            JsonNode message = json.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            // not JSON: DevTools sends only JSON, ignore
        }
    }

    @Override
    public void close() {
        socket.abort();
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile directory; nothing else depends on it
        }
    }

    /** Collects a message's text frames and hands over whole messages. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                sink.accept(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
