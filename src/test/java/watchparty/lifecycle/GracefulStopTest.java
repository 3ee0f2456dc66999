package watchparty.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.support.TestServices;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  @Test
  void stoppingFinishesTheRequestInFlightAndRefusesNewOnes(Vertx vertx) throws Exception {
    int port = TestServices.freePort();
    Service service = TestServices.start(vertx, TestServices.config(port), System::currentTimeMillis);
    String body = "{\"userId\":\"late\",\"roomCode\":\"R\"}";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/player/status HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200); // the request is now in flight, half its body sent

      Future<Void> stopped = service.stop();
      assertFalse(service.ready(), "readiness turns off as soon as shutdown begins");
      Thread.sleep(200);
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no new connections");
      assertFalse(stopped.isComplete(), "stop waits for the request in flight");

      out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("HTTP/1.1 200 OK", in.readLine());
      stopped.await(10, TimeUnit.SECONDS);
      assertTrue(stopped.succeeded());
    }
  }
}
