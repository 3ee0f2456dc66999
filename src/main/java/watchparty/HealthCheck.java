package watchparty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container's health probe: exits 0 when the service on PORT (default 8080) says it is
 * ready, 1 otherwise. Lets slim images probe without curl.
 */
public final class HealthCheck {
  private HealthCheck() {
  }

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("PORT", "8080");
    try {
      HttpResponse<Void> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      System.exit(r.statusCode() == 200 ? 0 : 1);
    } catch (Exception e) {
      System.exit(1);
    }
  }
}
