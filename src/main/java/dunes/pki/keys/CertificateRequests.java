package dunes.pki.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate requests for a TLS server certificate, and their summary for an approver.
 *
 * <p>A request names the subject, and carries in its extensionRequest attribute (PKCS#9) the
 * subject alternative names, key usage digitalSignature + keyEncipherment and extended key usage
 * serverAuth: what AD CS's "Web Server" template issues. RSA keys of at least
 * {@value #MIN_RSA_BITS} bits, signed SHA256withRSA. The private key is only used to sign; callers
 * keep it where it lives (see {@link Keystores#csrFor}).
 */
public final class CertificateRequests {

  public static final int MIN_RSA_BITS = 2048;
  public static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

  private CertificateRequests() {}

  /** A PEM ("-----BEGIN CERTIFICATE REQUEST-----") request for {@code keys}. */
  public static String pem(KeyPair keys, SubjectName subject, SubjectAlternativeNames names) {
    return pem(build(keys.getPublic(), keys.getPrivate(), subject.principal(), names));
  }

  /** The request itself, for callers that want the DER ({@code getEncoded()}). */
  public static PKCS10CertificationRequest build(PublicKey publicKey, PrivateKey privateKey, X500Principal subject,
      SubjectAlternativeNames names) {
    requireStrongRsa(publicKey);
    try {
      JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, publicKey);
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      if (!names.isEmpty()) {
        // critical only when the subject is empty (RFC 5280 4.2.1.6); Dunes always names a CN
        extensions.addExtension(Extension.subjectAlternativeName, subject.getEncoded().length <= 2,
            names.generalNames());
      }
      extensions.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      return builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(privateKey));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the request for " + subject.getName(), e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the request for " + subject.getName() + " " + SIGNATURE_ALGORITHM, e);
    }
  }

  public static String pem(PKCS10CertificationRequest request) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(request);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a certificate request as PEM", e);
    }
    return text.toString();
  }

  /**
   * Reads a PEM request and checks its signature.
   *
   * @throws IllegalArgumentException not a PEM certificate request, or its signature does not verify
   */
  public static PKCS10CertificationRequest parse(String pem) {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
    }
    if (!(object instanceof PKCS10CertificationRequest request)) {
      throw new IllegalArgumentException("not a PEM certificate request: found "
          + (object == null ? "no PEM block" : object.getClass().getSimpleName()));
    }
    try {
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))) {
        throw new IllegalArgumentException("the certificate request for " + subject(request)
            + " is not signed by its own key");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("cannot check the signature of the certificate request for "
          + subject(request) + ": " + e.getMessage(), e);
    }
    return request;
  }

  /**
   * Reads a PEM request, checks its signature (as {@link #parse}) and that its subject's one
   * common name is {@code commonName} (DNS names: case does not matter).
   *
   * @throws IllegalArgumentException saying what is wrong: not a request, a signature that does not
   *     verify, or the subject it names instead
   */
  public static PKCS10CertificationRequest parseFor(String pem, String commonName) {
    PKCS10CertificationRequest request = parse(pem);
    RDN[] names = request.getSubject().getRDNs(BCStyle.CN);
    String found = names.length == 1 ? IETFUtils.valueToString(names[0].getFirst().getValue()) : null;
    if (!commonName.equalsIgnoreCase(found)) {
      throw new IllegalArgumentException("the certificate request is for '" + subject(request) + "', not for CN="
          + commonName);
    }
    return request;
  }

  /** Subject, subject alternative names and key size of a PEM request (its signature checked). */
  public static CsrSummary summarize(String pem) {
    PKCS10CertificationRequest request = parse(pem);
    List<String> dnsNames = new ArrayList<>();
    List<String> ipAddresses = new ArrayList<>();
    GeneralNames names = requestedNames(request);
    if (names != null) {
      for (GeneralName name : names.getNames()) {
        if (name.getTagNo() == GeneralName.dNSName) {
          dnsNames.add(DERIA5String.getInstance(name.getName()).getString());
        } else if (name.getTagNo() == GeneralName.iPAddress) {
          ipAddresses.add(ipText(ASN1OctetString.getInstance(name.getName()).getOctets()));
        }
      }
    }
    return new CsrSummary(subject(request), dnsNames, ipAddresses, keyBits(publicKey(request)));
  }

  /** {@link dunes.pki.Fingerprints#publicKeySha256} of the key a PEM request asks a certificate for. */
  public static String publicKeySha256(String pem) {
    return dunes.pki.Fingerprints.publicKeySha256(publicKey(parse(pem)));
  }

  /** The subject alternative names of the request's extensionRequest, or null when it asks for none. */
  static GeneralNames requestedNames(PKCS10CertificationRequest request) {
    for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      if (attribute.getAttrValues().size() > 0) {
        Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
        GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names != null) {
          return names;
        }
      }
    }
    return null;
  }

  /** RSA modulus bits or EC field bits; 0 for other key types. */
  static int keyBits(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength();
    }
    if (key instanceof ECPublicKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize();
    }
    return 0;
  }

  static void requireStrongRsa(PublicKey key) {
    if (!(key instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("a " + key.getAlgorithm() + " key cannot sign " + SIGNATURE_ALGORITHM
          + ": Dunes requests RSA keys");
    }
    int bits = keyBits(key);
    if (bits < MIN_RSA_BITS) {
      throw new IllegalArgumentException("an RSA key of " + bits + " bits is too weak: at least " + MIN_RSA_BITS
          + " bits are needed");
    }
  }

  static String ipText(byte[] octets) {
    try {
      return InetAddress.getByAddress(octets).getHostAddress(); // from bytes: no name lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + octets.length + " bytes", e);
    }
  }

  private static PublicKey publicKey(PKCS10CertificationRequest request) {
    try {
      return new JcaPKCS10CertificationRequest(request).getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate request for " + subject(request)
          + " holds a key this JDK cannot read: " + e.getMessage(), e);
    }
  }

  private static String subject(PKCS10CertificationRequest request) {
    try {
      return new X500Principal(request.getSubject().getEncoded()).getName();
    } catch (IOException | IllegalArgumentException e) {
      return request.getSubject().toString();
    }
  }
}
