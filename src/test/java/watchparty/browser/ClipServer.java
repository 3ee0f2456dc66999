package watchparty.browser;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import watchparty.support.TestServices;

/**
 * The other origin of the test: serves the test clip (with Range requests, which Chromium seeks
 * with) and the test pages from a directory, as a video host separate from the service would.
 */
final class ClipServer implements AutoCloseable {
  static final String CLIP = "clip.webm";
  /** Long enough for the whole scripted session, whose furthest position is about 75 s. */
  static final int CLIP_SECONDS = 100;
  private static final List<String> PAGES = List.of("cors-check.html");

  private final HttpServer server;
  private final int port;

  private ClipServer(HttpServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Makes the clip into dir with ffmpeg, copies the test pages next to it, and serves dir. */
  static ClipServer start(Vertx vertx, Path dir) throws Exception {
    makeClip(dir.resolve(CLIP));
    for (String page : PAGES) {
      try (InputStream in = ClipServer.class.getResourceAsStream(page)) {
        Files.copy(in, dir.resolve(page), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Router router = Router.router(vertx);
    router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, dir.toString())
        .setCachingEnabled(false).setEnableRangeSupport(true));
    int port = TestServices.freePort();
    HttpServer server = vertx.createHttpServer().requestHandler(router)
        .listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return new ClipServer(server, port);
  }

  /**
   * A VP8 test pattern with no audio track, a keyframe every 0.5 s so that seeks land quickly;
   * realtime encoding keeps it to seconds on two cores.
   */
  private static void makeClip(Path file) throws IOException, InterruptedException {
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30", "-t", Integer.toString(CLIP_SECONDS),
        "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-g", "15", file.toString())
        .redirectErrorStream(true).start();
    try {
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0 || !Files.exists(file)) {
        throw new IllegalStateException("ffmpeg could not make the test clip: " + output);
      }
    } finally {
      ffmpeg.destroyForcibly();
    }
  }

  String url(String file) {
    return "http://127.0.0.1:" + port + "/" + file;
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
  }
}
