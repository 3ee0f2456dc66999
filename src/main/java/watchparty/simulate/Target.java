package watchparty.simulate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where the simulated viewers connect: this service, the seed, or anything behind a balancer, maybe under a path. */
public record Target(String host, int port, boolean ssl, String prefix) {

  /** http(s)://host[:port][/prefix]; ws(s):// is taken as http(s)://. */
  public static Target of(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL '" + url + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean ssl = switch (scheme) {
      case "http", "ws" -> false;
      case "https", "wss" -> true;
      default -> throw new IllegalArgumentException("bad URL '" + url + "': use http:// or https://");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("bad URL '" + url + "': no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    return new Target(host, port, ssl, path);
  }

  /** The request URI of a service path ("/api/player/status") under the prefix. */
  public String path(String servicePath) {
    return prefix + servicePath;
  }
}
