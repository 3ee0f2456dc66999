package watchparty.limit;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a single
 * address is the block of just itself. An IPv4 block holds only IPv4 addresses and an IPv6 block
 * only IPv6 ones, IPv4-mapped IPv6 addresses counting as IPv4.
 */
record AddressRange(IpAddress network, int prefixLength) {

  /** The block written as address[/prefix]; an IllegalArgumentException says what is wrong. */
  static AddressRange parse(String text) {
    int slash = text.indexOf('/');
    String written = slash < 0 ? text : text.substring(0, slash);
    IpAddress address = IpAddress.parse(written);
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
    }
    int bits = address.ipv6() ? 128 : 32;
    if (slash < 0) {
      return new AddressRange(address, bits);
    }
    // an IPv4-mapped block is written with an IPv6 prefix: its last 32 bits are the IPv4 part
    int offset = !address.ipv6() && written.indexOf(':') >= 0 ? 96 : 0;
    String prefix = text.substring(slash + 1);
    int length = prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
        ? -1 : Integer.parseInt(prefix) - offset;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("'" + text + "' needs a prefix length from " + offset + " to " + (bits + offset));
    }
    return new AddressRange(new IpAddress(address.ipv6(), address.high() & highMask(address.ipv6(), length),
        address.low() & lowMask(address.ipv6(), length)), length);
  }

  boolean contains(IpAddress address) {
    boolean ipv6 = network.ipv6();
    return address.ipv6() == ipv6
        && ((address.high() ^ network.high()) & highMask(ipv6, prefixLength)) == 0
        && ((address.low() ^ network.low()) & lowMask(ipv6, prefixLength)) == 0;
  }

  /** The bits of the high half that a prefix of this length fixes (IPv4 has no high half). */
  private static long highMask(boolean ipv6, int length) {
    if (!ipv6 || length == 0) {
      return 0;
    }
    return length >= 64 ? -1L : -1L << (64 - length);
  }

  private static long lowMask(boolean ipv6, int length) {
    if (!ipv6) {
      return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }
    if (length <= 64) {
      return 0;
    }
    return length == 128 ? -1L : -1L << (128 - length);
  }
}
