package dunes.lab;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed server certificates for the lab's simulated systems, as fresh appliances have. */
public final class LabCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private LabCertificates() {}

  public record Issued(KeyPair keys, X509Certificate certificate) {

    /** Writes certificate and key as PEM, the key readable by the owner only. */
    public void writePem(Path certificateFile, Path keyFile) {
      try {
        Files.writeString(certificateFile, pem(certificate));
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An EC P-256 certificate for {@code dnsNames} and {@code ipAddresses}, valid for a year. */
  public static Issued selfSigned(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName + ",O=Dunes Lab");
      Instant now = Instant.now();
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new Issued(keys, certificate);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("cannot make a lab certificate for " + commonName, e);
    }
  }

  /**
   * The certificate and key kept in {@code dir} as {@code name.crt} and {@code name.key}, made by
   * {@code make} the first time; with no directory (a lab in memory), made anew.
   */
  public static Issued durable(Path dir, String name, Supplier<Issued> make) {
    if (dir == null) {
      return make.get();
    }
    Path certificateFile = dir.resolve(name + ".crt");
    Path keyFile = dir.resolve(name + ".key");
    if (Files.exists(certificateFile) && Files.exists(keyFile)) {
      return read(certificateFile, keyFile);
    }
    Issued issued = make.get();
    try {
      LabState.write(keyFile, pem(new JcaPKCS8Generator(issued.keys().getPrivate(), null).generate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LabState.write(certificateFile, pem(issued.certificate())); // last: a certificate file means both are whole
    return issued;
  }

  /** A certificate from a PEM file. */
  public static X509Certificate readCertificate(Path certificateFile) {
    try (PEMParser certificates = new PEMParser(Files.newBufferedReader(certificateFile))) {
      return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) certificates.readObject());
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException("cannot read the lab's certificate " + certificateFile + ": " + e.getMessage(), e);
    }
  }

  /** A certificate and its private key from PEM files. */
  public static Issued read(Path certificateFile, Path keyFile) {
    try (PEMParser certificates = new PEMParser(Files.newBufferedReader(certificateFile));
        PEMParser keys = new PEMParser(Files.newBufferedReader(keyFile))) {
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate((X509CertificateHolder) certificates.readObject());
      PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keys.readObject());
      return new Issued(new KeyPair(certificate.getPublicKey(), key), certificate);
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException("cannot read the lab's certificate " + certificateFile + " and key " + keyFile
          + ": " + e.getMessage() + " (delete both to make new ones)", e);
    }
  }

  /** PEM text of a certificate, key or PKCS#8/PKCS#7 object, as Bouncy Castle writes it. */
  public static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
