package dunes.lab.ca;

import dunes.lab.LabCertificates;
import dunes.lab.LabState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The CA's keys and certificates: a self-signed root and, optionally, an intermediate that does
 * the issuing (as in a two-tier AD CS, where the root stays offline). Signs whatever the caller
 * decided to issue; the policy lives in {@link WebServerTemplate} and {@link CaDatabase}.
 */
final class CaHierarchy {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** AD CS backdates certificates by 10 minutes for clock skew (ClockSkewMinutes). */
  private static final Duration BACKDATE = Duration.ofMinutes(10);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final X509Certificate root;
  private final KeyPair issuerKeys;
  private final X509Certificate issuer;

  private CaHierarchy(X509Certificate root, KeyPair issuerKeys, X509Certificate issuer) {
    this.root = root;
    this.issuerKeys = issuerKeys;
    this.issuer = issuer;
  }

  static CaHierarchy create(String rootName, String intermediateName, boolean withIntermediate) {
    KeyPair rootKeys = newKeys();
    X500Name rootSubject = name(rootName);
    X509Certificate root = sign(rootKeys, rootSubject, rootSubject, rootKeys.getPublic(), Duration.ofDays(3650),
        caExtensions(null), null);
    if (!withIntermediate) {
      return new CaHierarchy(root, rootKeys, root);
    }
    KeyPair issuerKeys = newKeys();
    X509Certificate intermediate = sign(rootKeys, rootSubject, name(intermediateName),
        issuerKeys.getPublic(), Duration.ofDays(1825), caExtensions(0), root);
    return new CaHierarchy(root, issuerKeys, intermediate);
  }

  /**
   * The hierarchy kept in {@code dir} (root.crt, issuer.crt, issuer.key), made the first time; a
   * CA keeps its keys for life, so settings that no longer match what is kept are refused.
   */
  static CaHierarchy durable(Path dir, String rootName, String intermediateName, boolean withIntermediate) {
    if (dir == null) {
      return create(rootName, intermediateName, withIntermediate);
    }
    Path rootFile = dir.resolve("root.crt");
    if (!Files.exists(rootFile)) {
      CaHierarchy made = create(rootName, intermediateName, withIntermediate);
      LabCertificates.durable(dir, "issuer", () -> new LabCertificates.Issued(made.issuerKeys, made.issuer));
      LabState.write(rootFile, LabCertificates.pem(made.root)); // last: root.crt means the hierarchy is whole
      return made;
    }
    LabCertificates.Issued issuer = LabCertificates.read(dir.resolve("issuer.crt"), dir.resolve("issuer.key"));
    X509Certificate root = LabCertificates.readCertificate(rootFile);
    boolean keptIntermediate = !issuer.certificate().equals(root);
    if (keptIntermediate != withIntermediate
        || !root.getSubjectX500Principal().equals(new X500Principal(encoded(name(rootName))))
        || (withIntermediate && !issuer.certificate().getSubjectX500Principal()
            .equals(new X500Principal(encoded(name(intermediateName)))))) {
      throw new IllegalStateException("the lab CA kept in " + dir + " is " + issuer.certificate()
          .getSubjectX500Principal().getName() + (keptIntermediate ? " under " + root.getSubjectX500Principal().getName()
          : "") + ", not what dunes.lab.ca.* asks for; delete " + dir + " to make a new CA");
    }
    return new CaHierarchy(root, issuer.keys(), issuer.certificate());
  }

  private static byte[] encoded(X500Name name) {
    try {
      return name.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * CN={commonName},O=Dunes Lab encoded as X.500 orders it (O before CN), so RFC 2253 tools and
   * Windows show it as written; Bouncy Castle's string constructor would keep the written order.
   */
  static X500Name name(String commonName) {
    return X500Name.getInstance(new X500Principal("CN=" + commonName + ",O=Dunes Lab").getEncoded());
  }

  static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a lab CA key", e);
    }
  }

  X509Certificate root() {
    return root;
  }

  /** The certificate that signs end-entity certificates: the intermediate, or the root alone. */
  X509Certificate issuer() {
    return issuer;
  }

  /** The issuing CA's chain, issuer first and root last (one certificate without intermediate). */
  List<X509Certificate> caChain() {
    return issuer == root ? List.of(root) : List.of(issuer, root);
  }

  /** An end-entity certificate signed by the issuing CA, never outliving it. */
  X509Certificate issue(X500Name subject, PublicKey key, Duration validity, List<Extension> extensions) {
    return sign(issuerKeys, X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), subject, key,
        validity, extensions, issuer);
  }

  private static List<Extension> caExtensions(Integer pathLength) {
    try {
      BasicConstraints constraints = pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
      return List.of(
          new Extension(Extension.basicConstraints, true, constraints.getEncoded()),
          new Extension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature).getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(KeyPair signer, X500Name issuerName, X500Name subject, PublicKey key,
      Duration validity, List<Extension> extensions, X509Certificate issuerCertificate) {
    try {
      Instant now = Instant.now();
      Instant notAfter = now.plus(validity);
      if (issuerCertificate != null && notAfter.isAfter(issuerCertificate.getNotAfter().toInstant())) {
        notAfter = issuerCertificate.getNotAfter().toInstant();
      }
      BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE); // positive, never zero
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, key);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      PublicKey authorityKey = issuerCertificate == null ? key : issuerCertificate.getPublicKey();
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(authorityKey));
      for (Extension extension : extensions) {
        builder.addExtension(extension);
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot sign a lab certificate for " + subject, e);
    }
  }
}
