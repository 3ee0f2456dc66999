package watchparty.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which peers are trusted proxies: addresses and CIDR blocks, IPv4 and IPv6, read as literals only. */
class TrustedProxiesTest {
  @Test
  void blocksOfEitherFamilyHoldTheirAddressesAndNoOthers() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.0.0/16,::1/128,127.0.0.1,fd00::/8");
    for (String inside : List.of("10.0.0.0", "10.255.255.255", "10.1.2.3", "192.168.40.7", "127.0.0.1", "::1",
        "0:0:0:0:0:0:0:1", "fd12:3456::9", "FD00:0:0:0:0:0:0:1")) {
      assertTrue(proxies.contains(inside), inside);
    }
    for (String outside : List.of("11.0.0.0", "9.255.255.255", "192.169.0.1", "127.0.0.2", "::2", "fe00::1",
        "172.16.0.1", "2001:db8::1")) {
      assertFalse(proxies.contains(outside), outside);
    }
  }

  @Test
  void anIpv4MappedIpv6PeerIsItsIpv4Address() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");
    assertTrue(proxies.contains("::ffff:10.9.8.7"), "how a dual-stack socket reports an IPv4 peer");
    assertTrue(proxies.contains("0:0:0:0:0:ffff:a09:807"));
    assertFalse(proxies.contains("::ffff:11.0.0.1"));
    assertFalse(TrustedProxies.parse("::/0").contains("10.0.0.1"), "an IPv6 block holds no IPv4 address");
    assertTrue(TrustedProxies.parse("::ffff:10.0.0.0/104").contains("10.200.0.1"), "a mapped block is its IPv4 block");
  }

  @Test
  void prefixesCutAtAnyBitAndHostBitsInTheBlockAreIgnored() {
    TrustedProxies v4 = TrustedProxies.parse("172.16.0.0/12");
    assertTrue(v4.contains("172.31.255.255"));
    assertFalse(v4.contains("172.32.0.0"));
    assertTrue(TrustedProxies.parse("0.0.0.0/0").contains("203.0.113.9"));
    assertTrue(TrustedProxies.parse("10.1.2.3/8").contains("10.200.0.1"), "the block is 10.0.0.0/8");
    TrustedProxies v6 = TrustedProxies.parse("2001:db8:abcd:12::/63");
    assertTrue(v6.contains("2001:db8:abcd:13:ffff::1"), "the 63rd bit is in the high half");
    assertFalse(v6.contains("2001:db8:abcd:14::"));
    TrustedProxies deep = TrustedProxies.parse("2001:db8::a:0/113");
    assertTrue(deep.contains("2001:db8::a:7fff"), "the 113th bit is in the low half");
    assertFalse(deep.contains("2001:db8::a:8000"));
    assertTrue(TrustedProxies.parse("::/0").contains("2001:db8::1"));
  }

  @Test
  void addressesAreReadInEveryIpv6Spelling() {
    IpAddress full = IpAddress.parse("2001:0db8:0000:0000:0000:ff00:0042:8329");
    for (String same : List.of("2001:db8::ff00:42:8329", "2001:DB8:0:0:0:FF00:42:8329", "2001:db8::ff00:0.66.131.41",
        "2001:db8::ff00:42:8329%eth0")) {
      assertEquals(full, IpAddress.parse(same), same);
    }
    assertEquals(new IpAddress(true, 0, 0), IpAddress.parse("::"));
    assertEquals(new IpAddress(true, 0x0001_0000_0000_0000L, 0), IpAddress.parse("1::"));
    assertEquals(new IpAddress(true, 0x0001_0002_0003_0004L, 0x0005_0006_0007_0000L), IpAddress.parse("1:2:3:4:5:6:7::"));
    assertEquals(new IpAddress(false, 0, 0xC0A80001L), IpAddress.parse("192.168.0.1"));
  }

  @Test
  void whatIsNotAnAddressLiteralIsNeverTrusted() {
    for (String bad : List.of("", "localhost", "proxy.example", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4",
        "1.2.3.-4", "1..3.4", "1.2.3.4 ", "١.٢.٣.٤", ":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::", "12345::", "g::1", "1.2.3.4::", "::1.2.3", "fe80::1%", "[::1]", "unknown")) {
      assertNull(IpAddress.parse(bad), bad);
    }
    TrustedProxies proxies = TrustedProxies.parse("0.0.0.0/0,::/0");
    assertFalse(proxies.contains("unknown"));
    assertFalse(proxies.contains("proxy.example"));
  }

  @Test
  void aMalformedEntryIsRefusedByName() {
    for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/x",
        "/8", "10.0.0", "proxy.example", "::ffff:10.0.0.0/95", "10.0.0.0/0008")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("127.0.0.1," + bad),
          bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertFalse(TrustedProxies.parse(" , ").contains("127.0.0.1"), "blank entries are ignored");
    assertFalse(TrustedProxies.NONE.contains("127.0.0.1"));
  }
}
