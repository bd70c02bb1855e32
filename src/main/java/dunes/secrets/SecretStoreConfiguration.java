package dunes.secrets;

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
      case "properties" -> new PropertySecretStore(properties.values(), System::getenv);
      case "pkcs12" -> {
        if (properties.pkcs12File() == null) {
          throw new IllegalStateException("dunes.secrets.store is pkcs12 but dunes.secrets.pkcs12-file is not set");
        }
        String password = environment.getProperty(properties.pkcs12PasswordEnv());
        if (password == null) {
          throw new IllegalStateException("the PKCS#12 secret store " + properties.pkcs12File()
              + " needs its password in the environment variable " + properties.pkcs12PasswordEnv());
        }
        yield new Pkcs12SecretStore(properties.pkcs12File(), password.toCharArray());
      }
      default -> throw new IllegalStateException(
          "dunes.secrets.store must be 'properties' or 'pkcs12', not '" + properties.store() + "'");
    };
  }
}
