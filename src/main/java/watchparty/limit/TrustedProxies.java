package watchparty.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose X-Forwarded-For is believed: single addresses and CIDR blocks, IPv4 and
 * IPv6, as a comma-separated list ({@code 10.0.0.0/8,192.168.0.0/16,::1/128,127.0.0.1}). Pure.
 */
public final class TrustedProxies {
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<AddressRange> ranges;

  private TrustedProxies(List<AddressRange> ranges) {
    this.ranges = ranges;
  }

  /** The list as configured; blank entries are ignored, a malformed one is an IllegalArgumentException naming it. */
  public static TrustedProxies parse(String list) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String entry : list.split(",")) {
      if (!entry.isBlank()) {
        ranges.add(AddressRange.parse(entry.trim()));
      }
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
  }

  /** Whether the address (a literal; anything else is not a proxy) lies in one of the blocks. */
  public boolean contains(String address) {
    if (ranges.isEmpty()) {
      return false;
    }
    IpAddress parsed = IpAddress.parse(address);
    if (parsed == null) {
      return false;
    }
    for (AddressRange range : ranges) {
      if (range.contains(parsed)) {
        return true;
      }
    }
    return false;
  }
}
