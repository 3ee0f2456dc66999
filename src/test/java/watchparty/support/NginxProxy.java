package watchparty.support;

import java.io.File;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx running the repository's conf/nginx.conf, as an operator runs it, with only
 * what a test must change: the instances' ports, its own port, and its files in a directory of
 * its own. Without nginx the test is skipped loudly, except under CI (CI=true), where it fails.
 */
public final class NginxProxy implements AutoCloseable {
  private final int port;
  private final Process process;

  private NginxProxy(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * @param upstreamPorts the instances on 127.0.0.1
   * @param bindAddress the address nginx connects to the instances from (what they trust), or null for any
   */
  public static NginxProxy start(List<Integer> upstreamPorts, String bindAddress) throws Exception {
    if (!new File("/usr/sbin/nginx").canExecute()) {
      String message = "nginx is not installed: the proxy tests need it (apt-get install -y nginx)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
    Path dir = Files.createTempDirectory("nginx");
    int port = TestServices.freePort();
    Files.writeString(dir.resolve("nginx.conf"), configured(Files.readString(Path.of("conf/nginx.conf")), dir, port,
        upstreamPorts, bindAddress));
    Process process = new ProcessBuilder("/usr/sbin/nginx", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
        "-c", dir.resolve("nginx.conf").toString(),
        "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    NginxProxy proxy = new NginxProxy(port, process);
    Await.until(Duration.ofSeconds(10), "nginx did not start (see " + dir + ")", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out"))
            + Files.readString(dir.resolve("error.log")));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    return proxy;
  }

  /** The shipped config with the test's ports, and its temporary files and log in dir. */
  static String configured(String shipped, Path dir, int port, List<Integer> upstreamPorts, String bindAddress) {
    StringBuilder servers = new StringBuilder();
    for (int upstream : upstreamPorts) {
      servers.append("    server 127.0.0.1:").append(upstream).append(" max_fails=3 fail_timeout=5s;\n");
    }
    String config = shipped.replaceAll("(?m)^\\s*server 127\\.0\\.0\\.1:808[12].*\\n", "")
        .replace("    least_conn;\n", "    least_conn;\n" + servers)
        .replace("listen 8080", "listen 127.0.0.1:" + port)
        .replace("  access_log off;\n", "  access_log off;\n  error_log " + dir.resolve("error.log") + " warn;\n"
            + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";\n"
            + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
            + "  scgi_temp_path " + dir.resolve("scgi") + ";\n")
        .replace("worker_connections 65536", "worker_connections 4096");
    if (bindAddress != null) {
      config = config.replace("      proxy_pass http://watchparty;\n",
          "      proxy_pass http://watchparty;\n      proxy_bind " + bindAddress + ";\n");
    }
    if (!config.contains("server 127.0.0.1:" + upstreamPorts.get(0)) || !config.contains("listen 127.0.0.1:" + port)) {
      throw new IllegalStateException("conf/nginx.conf no longer has the lines this test changes:\n" + config);
    }
    return config;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
  }
}
