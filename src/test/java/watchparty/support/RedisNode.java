package watchparty.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real redis-server process on a free loopback port, started with the given arguments in a
 * directory of its own, that a test can kill the hard way (as a crash would), and redis-cli to
 * ask it things as an operator would.
 */
public final class RedisNode implements AutoCloseable {
  private final int port;
  private final List<String> command;
  private final java.io.File log;
  private Process process;

  private RedisNode(int port, List<String> command, java.io.File log) throws IOException {
    this.port = port;
    this.command = new ArrayList<>(command);
    this.log = log;
    launch();
  }

  private void launch() throws IOException {
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }

  /**
   * Starts the killed server again on its port, as a supervisor restarts a crashed process: it
   * comes back empty (nothing is persisted) and rejoins as a replica of whoever took over (a
   * Cluster node by itself; a server under Sentinel told so in extraArgs, as a start script that
   * asks the sentinels for the master does).
   */
  public void restart(String... extraArgs) throws Exception {
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on " + port + " is running");
    }
    command.addAll(List.of(extraArgs));
    launch();
    Await.until(Duration.ofSeconds(10), "redis-server did not start again on port " + port,
        () -> cliOrEmpty("PING").equals("PONG"));
  }

  /** Starts redis-server with a config file's lines passed as arguments, and waits for its PING. */
  public static RedisNode start(Path dir, List<String> args) throws Exception {
    int port = TestServices.freePort();
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no"));
    command.addAll(args);
    RedisNode node = new RedisNode(port, command, dir.resolve("redis-" + port + ".log").toFile());
    Await.until(Duration.ofSeconds(10), "redis-server did not start on port " + port,
        () -> node.cliOrEmpty("PING").equals("PONG"));
    return node;
  }

  /** A sentinel: redis-server in sentinel mode with its own config file (sentinels rewrite theirs). */
  public static RedisNode sentinel(Path dir, int port, List<String> config) throws Exception {
    Path file = dir.resolve("sentinel-" + port + ".conf");
    List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir));
    lines.addAll(config);
    java.nio.file.Files.write(file, lines);
    RedisNode node = new RedisNode(port, List.of("redis-server", file.toString(), "--sentinel"),
        dir.resolve("sentinel-" + port + ".log").toFile());
    Await.until(Duration.ofSeconds(10), "sentinel did not start on port " + port,
        () -> node.cliOrEmpty("PING").equals("PONG"));
    return node;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** redis-cli against this node; its output, trimmed. */
  public String cli(String... args) throws IOException, InterruptedException {
    return cli(port, args);
  }

  public static String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = cli.getInputStream().readAllBytes();
    if (!cli.waitFor(10, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new IOException("redis-cli " + String.join(" ", args) + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }

  private String cliOrEmpty(String... args) {
    try {
      return cli(args);
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** SIGSTOP: the server stops reading and answering, as a stalled machine or a partitioned link. */
  public void freeze() throws Exception {
    signal("STOP");
  }

  /** SIGCONT: a frozen server goes on from where it stopped. */
  public void thaw() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL, as a crash or a lost machine: nothing is flushed, no goodbye to replicas or clients. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
