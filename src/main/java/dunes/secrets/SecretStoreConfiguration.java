package dunes.secrets;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
class SecretStoreConfiguration {

  @Bean
  SecretStore secretStore(SecretProperties properties, Environment environment) {
    return switch (properties.store()) {
      case "properties" -> new PropertySecretStore(properties.values(), bindings(properties), System::getenv);
      case "pkcs12" -> {
        if (properties.pkcs12File() == null) {
          throw new IllegalStateException("dunes.secrets.store is pkcs12 but dunes.secrets.pkcs12-file is not set");
        }
        if (!properties.bindings().isEmpty()) {
          throw new IllegalStateException("dunes.secrets.bindings is for the properties store; the pkcs12 store's "
              + "bindings are in its bindings file (docs/security.md, \"Secrets and where they may go\")");
        }
        String password = environment.getProperty(properties.pkcs12PasswordEnv());
        if (password == null) {
          throw new IllegalStateException("the PKCS#12 secret store " + properties.pkcs12File()
              + " needs its password in the environment variable " + properties.pkcs12PasswordEnv());
        }
        yield new Pkcs12SecretStore(properties.pkcs12File(), password.toCharArray(),
            properties.pkcs12BindingsFile() != null ? properties.pkcs12BindingsFile()
                : Pkcs12Bindings.besides(properties.pkcs12File()),
            properties.allowHostPatterns());
      }
      default -> throw new IllegalStateException(
          "dunes.secrets.store must be 'properties' or 'pkcs12', not '" + properties.store() + "'");
    };
  }

  @Bean
  SecretBindingReport secretBindingReport(SecretStore secrets) {
    return new SecretBindingReport(secrets);
  }

  /** Every configured binding, checked now: a wrong one stops the start with the key at fault. */
  private static Map<String, SecretBinding> bindings(SecretProperties properties) {
    Map<String, SecretBinding> bindings = new HashMap<>();
    properties.bindings().forEach((name, b) -> {
      String source = PropertySecretStore.source(name);
      if (!SecretRef.isWellFormed(name)) {
        throw new IllegalStateException(source + ": not a secret name (a-z, 0-9, '.', '_', '-')");
      }
      try {
        bindings.put(name, SecretBinding.parse(source, b.purposes(), b.hosts(), b.buildNodes(),
            properties.allowHostPatterns()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
    return bindings;
  }
}
