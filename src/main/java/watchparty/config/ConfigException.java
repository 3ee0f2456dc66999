package watchparty.config;

/** A configuration value that cannot be used; the message names it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
