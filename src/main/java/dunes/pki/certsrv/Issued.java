package dunes.pki.certsrv;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * An issued certificate as certsrv hands it out.
 *
 * @param leaf the certificate of the request ({@code certnew.cer})
 * @param chain every certificate of {@code certnew.p7b}, in the order found there (the lab writes leaf,
 *     intermediates, root; a real CA may order its PKCS#7 set otherwise)
 */
public record Issued(X509Certificate leaf, List<X509Certificate> chain) {

  public Issued {
    if (leaf == null || chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("an issued certificate has its leaf and a chain");
    }
    chain = List.copyOf(chain);
  }

  /** The chain's self-signed certificate (the root to import as a trusted one), if the PKCS#7 holds it. */
  public Optional<X509Certificate> root() {
    return chain.stream()
        .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && !c.equals(leaf))
        .findFirst();
  }
}
