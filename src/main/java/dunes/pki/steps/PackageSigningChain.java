package dunes.pki.steps;

import dunes.pki.keys.CertificateChains;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * The CA-signed package-signing chain that {@link FetchPackageSigningChainStep} kept, for the
 * model: {@code ${packageSigningChain.authorities(execution)}} is the collection of the import of
 * known certificates.
 */
@Component("packageSigningChain")
public class PackageSigningChain {

  /** The chain as PEM, leaf first, then each issuer up to the root. */
  public static final String CHAIN = "packageSigningChainPem";

  /** The CA certificates of the chain, one PEM each, root first: the order in which vCO learns them. */
  public List<String> authorities(VariableScope execution) {
    Object pem = execution.getVariable(CHAIN);
    if (pem == null) {
      throw new IllegalStateException("no '" + CHAIN + "' variable: the chain was not fetched from the CA");
    }
    List<X509Certificate> chain = CertificateChains.certificates(((String) pem).getBytes(StandardCharsets.US_ASCII));
    List<String> authorities = new ArrayList<>();
    for (X509Certificate authority : chain.subList(1, chain.size())) {
      authorities.add(CertificateChains.pem(authority));
    }
    Collections.reverse(authorities);
    return authorities;
  }
}
