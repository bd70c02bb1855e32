package dunes.pki.steps;

import dunes.build.BuildSpec;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateChainException;
import dunes.pki.keys.CertificateChainException.Reason;
import dunes.pki.keys.CertificateChains;
import java.security.cert.X509Certificate;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The CA's root certificate as this build trusts it: the request's {@code ca.rootFingerprint}, or
 * the root a person confirmed ({@link ReadCaRootStep}), kept in {@value #FINGERPRINT}. Every chain the
 * CA hands back must end in exactly that root before anything is checked against it, installed,
 * imported into vCO or used to trust a server; a chain's own root is never taken on its word.
 */
public final class CaRoot {

  /** SHA-256 of the trusted root, as {@link Fingerprints#sha256} writes it. */
  public static final String FINGERPRINT = "caRootFingerprint";

  private CaRoot() {}

  /**
   * The self-signed root of the CA's own chain (certcarc.asp's "Download CA certificate chain"), read
   * over the CA connection the build trusts; not yet trusted itself.
   *
   * @throws IllegalStateException the chain does not reach a self-signed root
   */
  static X509Certificate read(CertsrvPort ca, DelegateExecution execution, BuildSpec spec) {
    List<X509Certificate> chain = CertificateChains.order(ca.caChain(ClientCertificates.ca(execution, spec)));
    X509Certificate top = chain.get(chain.size() - 1);
    if (!CertificateChains.selfSigned(top)) {
      throw new IllegalStateException("the CA at " + spec.ca().url() + " hands out a chain that ends at '"
          + top.getSubjectX500Principal().getName() + "', issued by '" + top.getIssuerX500Principal().getName()
          + "', without that root: nothing to pin; give the root's SHA-256 as ca.rootFingerprint and make the CA "
          + "publish its whole chain");
    }
    return top;
  }

  /**
   * The root {@code chain} (leaf first, as {@link CertificateChains#order} gives it) ends in, when it is
   * the build's trusted root.
   *
   * @param pinnedFingerprint the build's {@value #FINGERPRINT}
   * @throws IllegalStateException no root is trusted (the step runs outside a build that pinned one)
   * @throws CertificateChainException ({@link Reason#UNTRUSTED_ROOT}) the chain ends elsewhere
   */
  static X509Certificate trusted(List<X509Certificate> chain, String pinnedFingerprint) {
    if (pinnedFingerprint == null || pinnedFingerprint.isBlank()) {
      throw new IllegalStateException("no '" + FINGERPRINT + "' variable: no CA root is trusted for this build "
          + "(ca.rootFingerprint, or the root an operator confirmed in ProbeProducts)");
    }
    String expected = Fingerprints.normalize(pinnedFingerprint);
    X509Certificate top = chain.get(chain.size() - 1);
    String actual = Fingerprints.sha256(top);
    if (!actual.equals(expected) || !CertificateChains.selfSigned(top)) {
      throw new CertificateChainException(Reason.UNTRUSTED_ROOT, "the CA's chain for '"
          + chain.get(0).getSubjectX500Principal().getName() + "' ends at '" + top.getSubjectX500Principal().getName()
          + "' (SHA-256 " + actual + "), not at the root this build trusts (SHA-256 " + expected + ")");
    }
    return top;
  }

}
