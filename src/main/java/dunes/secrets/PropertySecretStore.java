package dunes.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Secrets from configuration: {@code dunes.secrets.values.<name>} in any property source, or the
 * environment variable {@code DUNES_SECRET_<NAME>} (upper case, every character other than a
 * letter or digit as '_'), which suits containers and CI. Bindings from
 * {@code dunes.secrets.bindings.<name>.*} ({@link SecretProperties}).
 */
public class PropertySecretStore implements SecretStore {

  private final Map<String, String> values;
  private final Map<String, SecretBinding> bindings;
  private final UnaryOperator<String> environment;

  public PropertySecretStore(Map<String, String> values, Map<String, SecretBinding> bindings,
      UnaryOperator<String> environment) {
    this.values = Map.copyOf(values);
    this.bindings = Map.copyOf(bindings);
    this.environment = environment;
  }

  /** A store whose secrets have no binding: they may be sent nowhere. */
  public PropertySecretStore(Map<String, String> values, UnaryOperator<String> environment) {
    this(values, Map.of(), environment);
  }

  @Override
  public boolean contains(SecretRef ref) {
    return lookup(ref).isPresent();
  }

  @Override
  public Secret resolve(SecretRef ref) {
    return lookup(ref)
        .map(value -> new Secret(ref, value.toCharArray()))
        .orElseThrow(() -> new UnknownSecretException(ref,
            "configuration (dunes.secrets.values." + ref.name() + " or " + environmentName(ref) + ")"));
  }

  @Override
  public Optional<SecretBinding> binding(SecretRef ref) {
    return Optional.ofNullable(bindings.get(ref.name()));
  }

  @Override
  public String bindingSource(SecretRef ref) {
    return source(ref.name());
  }

  @Override
  public Set<String> names() {
    return values.keySet();
  }

  static String source(String name) {
    return "dunes.secrets.bindings." + name;
  }

  private Optional<String> lookup(SecretRef ref) {
    String configured = values.get(ref.name());
    if (configured != null) {
      return Optional.of(configured);
    }
    return Optional.ofNullable(environment.apply(environmentName(ref)));
  }

  static String environmentName(SecretRef ref) {
    return "DUNES_SECRET_" + ref.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
