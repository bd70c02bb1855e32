package dunes.pki.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A two-tier CA built with Bouncy Castle for the tests: a root, an issuing intermediate, and
 * leaves shaped like the WebServer template unless a test asks for something else (another
 * extended key usage, another validity). EC P-256 keys for the CA, so that it starts fast.
 */
final class TestCa {

  static final Instant NOW = Instant.now();
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  final KeyPair rootKeys;
  final X509Certificate root;
  final KeyPair issuerKeys;
  final X509Certificate intermediate;

  /** What a leaf looks like; {@link #webServer} is what the lab CA's template issues. */
  record Leaf(String commonName, List<String> dnsNames, List<String> ipAddresses, KeyPurposeId extendedKeyUsage,
      Instant notBefore, Instant notAfter) {

    static Leaf webServer(String commonName, List<String> dnsNames, List<String> ipAddresses) {
      return new Leaf(commonName, dnsNames, ipAddresses, KeyPurposeId.id_kp_serverAuth,
          NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofDays(730)));
    }

    Leaf withExtendedKeyUsage(KeyPurposeId purpose) {
      return new Leaf(commonName, dnsNames, ipAddresses, purpose, notBefore, notAfter);
    }
  }

  private TestCa(String name) {
    rootKeys = ecKeys();
    X500Principal rootName = new X500Principal("CN=" + name + " Root CA,O=Dunes Test");
    root = sign(rootKeys, rootName, rootName, rootKeys.getPublic(), null, NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(3650)), caExtensions(null));
    issuerKeys = ecKeys();
    intermediate = sign(rootKeys, rootName, new X500Principal("CN=" + name + " Issuing CA,O=Dunes Test"),
        issuerKeys.getPublic(), root, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1825)),
        caExtensions(0));
  }

  static TestCa create(String name) {
    return new TestCa(name);
  }

  /** A leaf for {@code key}, issued by the intermediate. */
  X509Certificate issue(PublicKey key, Leaf leaf) {
    List<Extension> extensions = new ArrayList<>();
    try {
      extensions.add(new Extension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).getEncoded()));
      extensions.add(new Extension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(leaf.extendedKeyUsage()).getEncoded()));
      extensions.add(new Extension(Extension.subjectAlternativeName, false,
          new SubjectAlternativeNames(leaf.dnsNames(), leaf.ipAddresses()).generalNames().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sign(issuerKeys, intermediate.getSubjectX500Principal(),
        new X500Principal("CN=" + leaf.commonName() + ",O=Dunes Test"), key, intermediate, leaf.notBefore(),
        leaf.notAfter(), extensions);
  }

  /** Leaf, intermediate, root: the order certsrv's certnew.p7b lists them. */
  List<X509Certificate> chainOf(X509Certificate leaf) {
    return List.of(leaf, intermediate, root);
  }

  /** A certs-only PKCS#7 (CMS SignedData without signers) of {@code certificates}, DER/BER. */
  static byte[] pkcs7(List<X509Certificate> certificates) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new JcaCertStore(certificates));
      return generator.generate(new CMSAbsentContent()).getEncoded();
    } catch (GeneralSecurityException | IOException | org.bouncycastle.cms.CMSException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsaKeys(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Extension> caExtensions(Integer pathLength) {
    try {
      BasicConstraints constraints = pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
      return List.of(new Extension(Extension.basicConstraints, true, constraints.getEncoded()),
          new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(KeyPair signer, X500Principal issuer, X500Principal subject, PublicKey key,
      X509Certificate issuerCertificate, Instant notBefore, Instant notAfter, List<Extension> extensions) {
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject, key);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(
          issuerCertificate == null ? key : issuerCertificate.getPublicKey()));
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
      for (Extension extension : extensions) {
        builder.addExtension(extension);
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate for " + subject, e);
    }
  }
}
