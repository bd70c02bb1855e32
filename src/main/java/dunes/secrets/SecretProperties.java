package dunes.secrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.secrets.*}: which store holds the secret values, and where each may be sent.
 *
 * @param store {@code properties} (values below or DUNES_SECRET_* variables) or {@code pkcs12}
 * @param values secret values by name, for the properties store
 * @param bindings where each secret may be sent, by name, for the properties store
 * @param allowHostPatterns whether bindings may name {@code *.domain} and networks instead of
 *     each host: the lab's and the tests' profiles; production bindings name each host
 * @param pkcs12File the PKCS#12 file, for the pkcs12 store
 * @param pkcs12PasswordEnv the environment variable holding that file's password
 * @param pkcs12BindingsFile the pkcs12 store's bindings; absent, {@code <pkcs12File>.bindings}
 */
@ConfigurationProperties("dunes.secrets")
public record SecretProperties(
    String store, Map<String, String> values, Map<String, Binding> bindings, boolean allowHostPatterns,
    Path pkcs12File, String pkcs12PasswordEnv, Path pkcs12BindingsFile) {

  public SecretProperties {
    store = store == null ? "properties" : store;
    values = values == null ? Map.of() : values;
    bindings = bindings == null ? Map.of() : bindings;
    pkcs12PasswordEnv = pkcs12PasswordEnv == null ? "DUNES_SECRETS_PASSWORD" : pkcs12PasswordEnv;
  }

  /**
   * {@code dunes.secrets.bindings.<name>}.
   *
   * @param purposes what the secret is for ({@link Purpose})
   * @param hosts the hosts that may take it ({@link HostRule})
   * @param buildNodes whether the build's own nodes may take it (an appliance account) or pass it on
   */
  public record Binding(List<String> purposes, List<String> hosts, boolean buildNodes) {}
}
