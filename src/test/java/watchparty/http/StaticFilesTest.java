package watchparty.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import watchparty.Service;
import watchparty.support.TestServices;

/**
 * The web client's files, served from the classpath's webroot. The fixtures live in the test
 * classpath's webroot/client (src/test/resources), beside the real client's files.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaticFilesTest {
  private static final String FIXTURE = "export const fixture = 1;\n";
  private Service service;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    port = TestServices.freePort();
    service = TestServices.start(vertx, TestServices.config(port), System::currentTimeMillis);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    if (service != null) {
      service.stop().await(10, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return client.get(path).send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aModuleIsJavaScriptForAnyOriginWithValidators() throws Exception {
    HttpResponse<Buffer> r = get("/client/fixture.js");
    assertEquals(200, r.statusCode());
    assertEquals(FIXTURE, r.bodyAsString());
    assertEquals("text/javascript; charset=utf-8", r.getHeader("content-type"));
    assertEquals("*", r.getHeader("access-control-allow-origin"));
    assertEquals("no-cache", r.getHeader("cache-control"));
    assertEquals("bytes", r.getHeader("accept-ranges"));
    assertEquals("nosniff", r.getHeader("x-content-type-options"));
    assertNotNull(r.getHeader("x-server-time"));
    assertNull(r.getHeader("content-security-policy"), "the page's scripts must run");
    String lastModified = r.getHeader("last-modified");
    assertNotNull(lastModified);

    HttpResponse<Buffer> again = client.get("/client/fixture.js").putHeader("If-Modified-Since", lastModified).send()
        .await(10, TimeUnit.SECONDS);
    assertEquals(304, again.statusCode(), "revalidation is cheap");
    assertEquals("*", again.getHeader("access-control-allow-origin"));
  }

  @Test
  void aRangeIsAnsweredWithThoseBytesOnly() throws Exception {
    HttpResponse<Buffer> r = client.get("/client/fixture.js").putHeader("Range", "bytes=0-5").send()
        .await(10, TimeUnit.SECONDS);
    assertEquals(206, r.statusCode());
    assertEquals("export", r.bodyAsString());
    assertEquals(6, r.body().length());
    assertEquals("bytes 0-5/" + FIXTURE.length(), r.getHeader("content-range"));
    assertEquals("text/javascript; charset=utf-8", r.getHeader("content-type"));
    assertEquals("*", r.getHeader("access-control-allow-origin"));

    HttpResponse<Buffer> video = client.get("/client/fixture.webm").putHeader("Range", "bytes=4-").send()
        .await(10, TimeUnit.SECONDS);
    assertEquals(206, video.statusCode());
    assertEquals("video/webm", video.getHeader("content-type"));
    assertEquals("webm-fixture-bytes", video.bodyAsString());

    HttpResponse<Buffer> beyond = client.get("/client/fixture.js").putHeader("Range", "bytes=1000-").send()
        .await(10, TimeUnit.SECONDS);
    assertEquals(416, beyond.statusCode());
    assertEquals(416, beyond.bodyAsJsonObject().getInteger("statusCode"));
  }

  @Test
  void typeDeclarationsArePlainText() throws Exception {
    HttpResponse<Buffer> r = get("/client/fixture.d.ts");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; charset=utf-8", r.getHeader("content-type"));
  }

  @Test
  void theRootIsTheClientsPage() throws Exception {
    HttpResponse<Buffer> r = get("/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.getHeader("content-type"));
    assertTrue(r.bodyAsString().toLowerCase().startsWith("<!doctype html"), r.bodyAsString());
    assertEquals("*", r.getHeader("access-control-allow-origin"));
  }

  @Test
  void aFileNotThereIsTheServicesJsonNotFound() throws Exception {
    for (String path : List.of("/client/nope.js", "/client/.hidden", "/client/")) {
      HttpResponse<Buffer> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertTrue(r.getHeader("content-type").startsWith("application/json"), path);
      JsonObject e = r.bodyAsJsonObject();
      assertEquals(true, e.getBoolean("error"));
      assertEquals(404, e.getInteger("statusCode"));
      assertTrue(e.getString("message").contains(path), e.encode());
      assertEquals("*", r.getHeader("access-control-allow-origin"));
    }
  }

  @Test
  void noPathLeavesWebroot() throws Exception {
    // config.json lies at the classpath's root, one level above webroot: these paths aim at it
    for (String path : List.of("/client/../config.json", "/client/../../config.json", "/client/%2e%2e/config.json",
        "/client/..%2fconfig.json", "/client/..%2f..%2fconfig.json", "/client/%2e%2e%2f%2e%2e%2fconfig.json",
        "/client/..\\config.json", "/client/..%5c..%5cconfig.json", "/../config.json")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      String status = answer.substring(0, answer.indexOf("\r\n"));
      assertTrue(status.startsWith("HTTP/1.1 404") || status.startsWith("HTTP/1.1 400"), path + ": " + status);
      assertFalse(answer.contains("statusTtlMs"), path + " must not answer the configuration");
    }
  }

  @Test
  void theOpenApiDocumentIsJsonFromTheClasspathWithTheCommonHeaders() throws Exception {
    byte[] document;
    try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
      document = in == null ? null : in.readAllBytes();
    }
    HttpResponse<Buffer> r = get("/openapi.json");
    assertEquals("*", r.getHeader("access-control-allow-origin"));
    assertTrue(r.getHeader("content-type").startsWith("application/json"), r.getHeader("content-type"));
    if (document == null) {
      // a build without the document answers as for any unknown path
      assertEquals(404, r.statusCode());
      assertTrue(r.bodyAsJsonObject().getString("message").contains("/openapi.json"));
      return;
    }
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.getHeader("content-type"));
    assertEquals(Buffer.buffer(document), r.body());
    assertEquals("no-store", r.getHeader("cache-control"));
    assertEquals("nosniff", r.getHeader("x-content-type-options"));
    assertNotNull(r.getHeader("x-server-time"));
    assertEquals(405, client.post("/openapi.json").send().await(10, TimeUnit.SECONDS).statusCode());
  }

  /** One request on a raw socket, so the path reaches the server byte for byte; the answer as text. */
  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        answer.write(buf, 0, n);
        String text = answer.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0 && bodyComplete(text, end)) {
          return text;
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static boolean bodyComplete(String text, int headEnd) {
    String head = text.substring(0, headEnd).toLowerCase();
    int at = head.indexOf("content-length:");
    if (at < 0) {
      return false; // read until the server closes
    }
    int lineEnd = head.indexOf("\r\n", at);
    int length = Integer.parseInt(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
    return text.length() - headEnd - 4 >= length;
  }
}
