package watchparty.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server (Debian package redis-server) on a free loopback port, never 6379, that a
 * test can stop and start again. Without the binary the Redis tests are skipped with a loud
 * message, except under CI (CI=true), where they fail.
 */
public final class RedisServer implements AutoCloseable {
  private final int port = TestServices.freePort();
  private Process process;

  private RedisServer() {
  }

  public static RedisServer startOrSkip() throws Exception {
    assumeInstalled();
    RedisServer server = new RedisServer();
    server.start();
    return server;
  }

  /** Skips the test (fails it under CI) when redis-server or redis-cli is missing. */
  public static void assumeInstalled() {
    if (!onPath("redis-server") || !onPath("redis-cli")) {
      String message = "redis-server is not installed: the Redis tests need it (apt-get install -y redis-server)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, binary).canExecute()) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public void start() throws Exception {
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Await.until(Duration.ofSeconds(10), "redis-server did not start on port " + port, this::answers);
  }

  /** Stops the server the hard way (as a crash would); its data is gone. */
  public void stop() throws Exception {
    process.destroyForcibly().waitFor();
  }

  private boolean answers() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      stop();
    }
  }
}
