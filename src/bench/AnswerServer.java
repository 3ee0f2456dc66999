import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The least a Vert.x server can do to give one recorded answer: it answers every request with
 * the same headers and body, taken from a real answer of the service, and does nothing else. The
 * service's rate as a fraction of this one's says how much of the cost of an answer is the
 * service's own work, and how much is moving the answer's bytes.
 *
 * <p>Run with the service's jar on the class path (Vert.x and Netty's epoll transport, as the
 * service uses them): {@code java -cp player-status.jar src/bench/AnswerServer.java PORT HEADERS BODY}
 * (HEADERS: the answer's header lines, "name: value" each, as {@code curl -D} writes them).
 */
public class AnswerServer extends AbstractVerticle {
  private static int port;
  private static final List<String[]> HEADERS = new ArrayList<>();
  private static Buffer body;

  @Override
  public void start() {
    vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response();
      for (String[] header : HEADERS) {
        response.headers().add(header[0], header[1]);
      }
      response.end(body);
    }).listen(port, "127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    port = Integer.parseInt(args[0]);
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      int colon = line.indexOf(':');
      String name = colon > 0 ? line.substring(0, colon).trim() : "";
      // the length is Vert.x's to write; the status line has no colon
      if (!name.isEmpty() && !name.equalsIgnoreCase("content-length")) {
        HEADERS.add(new String[] {name, line.substring(colon + 1).trim()});
      }
    }
    body = Buffer.buffer(Files.readAllBytes(Path.of(args[2])));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx.deployVerticle(AnswerServer::new, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
  }
}
