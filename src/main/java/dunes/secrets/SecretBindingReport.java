package dunes.secrets;

import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * At startup, says where each stored secret may go, and warns of each that has no binding: Dunes
 * sends such a secret nowhere, and every request naming it is refused. A bindings file that
 * cannot be read stops the start, with the reason.
 */
class SecretBindingReport implements InitializingBean {

  private static final Logger LOG = LoggerFactory.getLogger(SecretBindingReport.class);

  private final SecretStore secrets;

  SecretBindingReport(SecretStore secrets) {
    this.secrets = secrets;
  }

  @Override
  public void afterPropertiesSet() {
    for (String name : new TreeSet<>(secrets.names())) {
      if (!SecretRef.isWellFormed(name)) {
        LOG.warn("'{}' in the secret store is not a secret name (a-z, 0-9, '.', '_', '-'): no request can name it",
            name);
        continue;
      }
      SecretRef ref = new SecretRef(name);
      secrets.binding(ref).ifPresentOrElse(
          binding -> LOG.info("secret '{}' may be sent for {}", name, binding),
          () -> LOG.warn("secret '{}' has no binding ({}): Dunes sends it nowhere, and requests naming it are refused",
              name, secrets.bindingSource(ref)));
    }
  }
}
