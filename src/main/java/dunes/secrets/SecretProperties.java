package dunes.secrets;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.secrets.*}: which store holds the secret values.
 *
 * @param store {@code properties} (values below or DUNES_SECRET_* variables) or {@code pkcs12}
 * @param values secret values by name, for the properties store
 * @param pkcs12File the PKCS#12 file, for the pkcs12 store
 * @param pkcs12PasswordEnv the environment variable holding that file's password
 */
@ConfigurationProperties("dunes.secrets")
public record SecretProperties(
    String store, Map<String, String> values, Path pkcs12File, String pkcs12PasswordEnv) {

  public SecretProperties {
    store = store == null ? "properties" : store;
    values = values == null ? Map.of() : values;
    pkcs12PasswordEnv = pkcs12PasswordEnv == null ? "DUNES_SECRETS_PASSWORD" : pkcs12PasswordEnv;
  }
}
