package dunes.secrets;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Secret stores for adapter tests: each value bound to the loopback network and the lab's names
 * for every purpose, so a test of an adapter's protocol meets no binding; the binding tests use
 * their own.
 */
public final class TestSecrets {

  private TestSecrets() {}

  public static PropertySecretStore onLoopback(Map<String, String> values) {
    return bound(values);
  }

  /** Each value bound like {@link #loopback()}, and to {@code hosts} besides. */
  public static PropertySecretStore bound(Map<String, String> values, String... hosts) {
    SecretBinding binding = loopback(hosts);
    return new PropertySecretStore(values, values.keySet().stream().collect(Collectors.toMap(Function.identity(),
        name -> binding)), variable -> null);
  }

  /** Every purpose, 127.0.0.0/8, *.lab.local, the build's nodes, and {@code hosts}. */
  public static SecretBinding loopback(String... hosts) {
    List<String> all = new java.util.ArrayList<>(List.of("127.0.0.0/8", "*.lab.local"));
    all.addAll(List.of(hosts));
    return SecretBinding.parse("test", EnumSet.allOf(Purpose.class).stream().map(Purpose::token).toList(),
        all, true, true);
  }
}
