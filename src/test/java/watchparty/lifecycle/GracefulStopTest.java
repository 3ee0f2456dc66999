package watchparty.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import watchparty.Service;
import watchparty.metrics.ServiceMetrics;
import watchparty.support.TestServices;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  private static final String BODY = "{\"userId\":\"late\",\"roomCode\":\"R\"}";
  /** Between two looks at a condition another thread makes true. */
  private static final long POLL_MS = 10;

  @Test
  void stoppingFinishesTheRequestsInFlightRefusesNewOnesThenClosesThePort() throws Exception {
    // one event loop per instance, as the service's own start makes them; its metrics tell when requests have begun
    ServiceMetrics metrics = ServiceMetrics.create();
    Vertx vertx = metrics.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      int port = TestServices.freePort();
      Service service = Service.start(vertx, TestServices.config(port), System::currentTimeMillis, metrics)
          .await(10, TimeUnit.SECONDS);
      // several requests in flight, each with half its body sent, on connections spread over the loops
      List<Socket> inFlight = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        send(socket, "POST /api/player/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 10));
        inFlight.add(socket);
      }
      awaitCondition("the four requests are in flight", () -> activeRequests(metrics) == 4);

      Future<Void> stopped = service.stop();
      assertFalse(service.ready(), "readiness turns off as soon as shutdown begins");
      List<String> late = exchange(port, "GET /api/player/status?roomCode=R HTTP/1.1\r\nHost: x\r\n\r\n");
      assertEquals("HTTP/1.1 503 Service Unavailable", late.get(0), "a new request is sent elsewhere");
      assertTrue(late.stream().anyMatch(h -> h.equalsIgnoreCase("connection: close")), late.toString());
      assertEquals("HTTP/1.1 503 Service Unavailable", exchange(port, "GET /client/fixture.js HTTP/1.1\r\nHost: x\r\n\r\n")
          .get(0), "files are refused like every route");
      assertEquals("HTTP/1.1 200 OK", exchange(port, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").get(0),
          "health checks answer throughout");
      assertEquals("HTTP/1.1 503 Service Unavailable", exchange(port, "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n")
          .get(0));
      assertFalse(stopped.isComplete(), "stop waits for the requests in flight");

      for (Socket socket : inFlight) {
        send(socket, BODY.substring(10));
        assertEquals("HTTP/1.1 200 OK", head(socket).get(0), "each request in flight is answered");
        socket.close();
      }
      stopped.await(10, TimeUnit.SECONDS);
      assertTrue(stopped.succeeded());
      // the listening socket is closed a moment after the servers report closed
      awaitCondition("the port is closed", () -> !accepts(port));
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no connections once stopped");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Requests the server has begun and not yet answered, by its own count. */
  private static double activeRequests(ServiceMetrics metrics) {
    double active = 0;
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith("vertx_http_server_active_requests")) {
        active += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return active;
  }

  private static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - deadline < 0, "not within 10 s: " + what);
      Thread.sleep(POLL_MS);
    }
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One request on a connection of its own; the status line and headers of its answer. */
  private static List<String> exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      send(socket, request);
      return head(socket);
    }
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The status line and headers of the next answer. */
  private static List<String> head(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    return lines;
  }
}
