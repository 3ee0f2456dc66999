package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.metrics.ServiceMetrics;
import watchparty.support.TestServices;

/** What the front door answers before and around the routes: malformed paths, error URLs, 405s. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrontDoorTest {
  private Vertx vertx;
  private Service service;
  private int port;

  @BeforeEach
  void start() throws Exception {
    // with metrics, so that /metrics is routed
    ServiceMetrics metrics = ServiceMetrics.create();
    vertx = metrics.vertx(new VertxOptions());
    port = TestServices.freePort();
    service = Service.start(vertx, TestServices.config(port), System::currentTimeMillis, metrics)
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.stop().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aMalformedPercentEncodingInThePathIsAJson400NamingItAndNothingSevere() throws Exception {
    List<LogRecord> severe = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          synchronized (severe) {
            severe.add(record);
          }
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      Map<String, String> cases = Map.of("/client/%", "\"%\"", "/%zz", "\"%zz\"", "/api/player/status%", "\"%\"",
          "/health/live%2", "\"%2\"", "/api/player/sync%g1?roomCode=R", "\"%g1\"");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        Answer a = send("GET " + c.getKey() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(400, a.status, c.getKey() + ": " + a.text);
        assertEquals("application/json", a.header("content-type"), c.getKey());
        assertEquals("*", a.header("access-control-allow-origin"), c.getKey());
        JsonObject e = new JsonObject(a.body);
        assertEquals(true, e.getBoolean("error"));
        assertEquals(400, e.getInteger("statusCode"));
        assertEquals("Bad Request", e.getString("statusMessage"));
        assertTrue(e.getString("message").contains("percent-encoding " + c.getValue()), e.encode());
      }
      // the service keeps serving, and a well-formed escape is still routed as before
      assertEquals(200, send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
      assertEquals(200, send("GET /health/%6Cive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
      assertEquals(404, send("GET /client/%41 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
    } finally {
      root.removeHandler(capture);
    }
    synchronized (severe) {
      assertTrue(severe.isEmpty(), () -> "logged SEVERE: " + severe.get(0).getMessage());
    }
  }

  @Test
  void anErrorsUrlHasNoPortWhenTheHostNamesNoneOnEveryPath() throws Exception {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("GET /api/player/status HTTP/1.1\r\nHost: x\r\n", "http://x/api/player/status");
    requests.put("POST /api/player/status HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n", "http://x/api/player/status");
    requests.put("GET /api/player/status?userId=a HTTP/1.1\r\nHost: x\r\n", "http://x/api/player/status?userId=a");
    requests.put("GET /api/player/sync HTTP/1.1\r\nHost: x\r\n", "http://x/api/player/sync");
    requests.put("GET /nope HTTP/1.1\r\nHost: x\r\n", "http://x/nope");
    requests.put("GET /api/player/status HTTP/1.1\r\nHost: [::1]\r\n", "http://[::1]/api/player/status");
    // a port named is kept, as before
    requests.put("GET /api/player/status HTTP/1.1\r\nHost: x:8080\r\n", "http://x:8080/api/player/status");
    requests.put("GET /nope HTTP/1.1\r\nHost: x:8080\r\n", "http://x:8080/nope");
    for (Map.Entry<String, String> r : requests.entrySet()) {
      String head = r.getKey();
      Answer a = send(head + "Connection: close\r\n\r\n" + (head.startsWith("POST") ? "{}" : ""));
      assertTrue(a.status >= 400, head + a.text);
      assertEquals(r.getValue(), new JsonObject(a.body).getString("url"), head);
    }
  }

  @Test
  void a405NamesThePathsOwnMethods() throws Exception {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("/api/player/status", "GET, POST, OPTIONS");
    paths.put("/health/live", "GET, OPTIONS");
    paths.put("/health/ready", "GET, OPTIONS");
    paths.put("/api/player/sync", "GET, OPTIONS");
    paths.put("/api/player/events", "GET, OPTIONS");
    paths.put("/api/player/ws", "GET, OPTIONS");
    paths.put("/metrics", "GET, OPTIONS");
    paths.put("/openapi.json", "GET, OPTIONS");
    paths.put("/", "GET, HEAD, OPTIONS");
    paths.put("/client/watchparty.js", "GET, HEAD, OPTIONS");
    paths.put("/client/nope.js", "GET, HEAD, OPTIONS");
    paths.put("/health/live/", "GET, OPTIONS");
    boolean document = getClass().getResource("/openapi.json") != null;
    for (Map.Entry<String, String> p : paths.entrySet()) {
      if (p.getKey().equals("/openapi.json") && !document) {
        continue; // a build without the document answers it 404
      }
      for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
        if (method.equals("POST") && p.getKey().equals("/api/player/status")) {
          continue;
        }
        Answer a = send(method + " " + p.getKey() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals(405, a.status, method + " " + p.getKey() + ": " + a.text);
        assertEquals(p.getValue(), a.header("allow"), method + " " + p.getKey());
        assertEquals(405, new JsonObject(a.body).getInteger("statusCode"));
      }
    }
    Answer head = send("HEAD /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertEquals(405, head.status);
    assertEquals("GET, OPTIONS", head.header("allow"));
    assertNull(send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").header("allow"));
  }

  /** A status line, its headers (names lower-cased) and body. */
  private record Answer(int status, Map<String, String> headers, String body, String text) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** One request on a raw socket, so path and Host reach the server byte for byte; read until it closes. */
  private Answer send(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      String text = out.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4), text);
    }
  }
}
