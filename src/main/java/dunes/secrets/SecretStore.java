package dunes.secrets;

import java.util.Optional;
import java.util.Set;

/**
 * Where secret values live, and where each may be sent. Dunes keeps only {@link SecretRef}s;
 * every adapter reads a value with {@link #resolveFor}, naming where it is about to send it, so
 * the binding is checked in one place, at the moment of use.
 */
public interface SecretStore {

  boolean contains(SecretRef ref);

  /**
   * The value without a destination: for the lab's simulated systems, which hold the other end of a
   * login, and for the stores themselves. Adapters use {@link #resolveFor}.
   *
   * @throws UnknownSecretException when the store holds no value under that name
   */
  Secret resolve(SecretRef ref);

  /** The secret's binding; empty when none is configured, so the secret may be sent nowhere. */
  default Optional<SecretBinding> binding(SecretRef ref) {
    return Optional.empty();
  }

  /** Where bindings are configured, for messages about a secret that has none. */
  default String bindingSource(SecretRef ref) {
    return "none configured";
  }

  /** The names of the secrets this store can list (the environment's are not listed), for the startup report. */
  default Set<String> names() {
    return Set.of();
  }

  /** Why {@code ref} may not be sent to {@code to}, or empty when its binding allows it. Names no value. */
  default Optional<String> refusal(SecretRef ref, Destination to) {
    Optional<SecretBinding> binding = binding(ref);
    if (binding.isEmpty()) {
      return Optional.of("secret '" + ref.name() + "' may not be sent to " + to + ": it has no binding ("
          + bindingSource(ref) + "), so it may be sent nowhere");
    }
    return binding.get().refusal(ref, to);
  }

  /**
   * The value, for one send to {@code to}.
   *
   * @throws SecretNotAllowedException when the binding does not allow {@code to}; nothing was read or sent
   * @throws UnknownSecretException when the store holds no value under that name
   */
  default Secret resolveFor(SecretRef ref, Destination to) {
    Optional<String> refused = refusal(ref, to);
    if (refused.isPresent()) {
      throw new SecretNotAllowedException(refused.get());
    }
    return resolve(ref);
  }
}
