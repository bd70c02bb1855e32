package dunes.pki.keys;

import dunes.pki.Fingerprints;
import dunes.pki.keys.CertificateChainException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.encoders.Base64;
import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The chain a CA hands back: read from a certs-only PKCS#7 (what certsrv's {@code certnew.p7b}
 * answers), put in order leaf → intermediates → root, and validated against the root the build
 * trusts, for the names the build needs.
 */
public final class CertificateChains {

  private static final String SERVER_AUTH = KeyPurposeId.id_kp_serverAuth.getId();
  private static final String ANY_EXTENDED_KEY_USAGE = KeyPurposeId.anyExtendedKeyUsage.getId();

  private CertificateChains() {}

  /**
   * The certificates of a certs-only PKCS#7 (CMS SignedData), in their encoded order. Accepts DER,
   * a PEM block of any label ({@code PKCS7}, {@code PKCS #7 SIGNED DATA}, {@code CMS}, or
   * {@code CERTIFICATE}, which some Windows tools reportedly put on base64 chains), or bare base64.
   *
   * @throws IllegalArgumentException not a PKCS#7, or one without certificates
   */
  public static List<X509Certificate> parsePkcs7(byte[] pkcs7) {
    byte[] der = unwrap(pkcs7);
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CMSSignedData signed = new CMSSignedData(der);
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
        certificates.add(converter.getCertificate(holder));
      }
    } catch (CMSException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not a PKCS#7 certificate chain: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("the PKCS#7 holds no certificate");
    }
    return certificates;
  }

  /** {@link #parsePkcs7} then {@link #order}: the chain leaf first. */
  public static List<X509Certificate> chainFromPkcs7(byte[] pkcs7) {
    return order(parsePkcs7(pkcs7));
  }

  /**
   * Orders certificates leaf → intermediates → root by issuer and subject names, and by the
   * authority and subject key identifiers where both certificates carry them. The root may be
   * missing (the chain then ends at the last issuer present). Identical certificates count once.
   *
   * @throws CertificateChainException ({@link Reason#NOT_ONE_CHAIN}) empty, more than one leaf, a
   *     certificate with two possible issuers, or one that is not on the leaf's path
   */
  public static List<X509Certificate> order(Collection<X509Certificate> certificates) {
    Map<String, X509Certificate> distinct = new LinkedHashMap<>();
    for (X509Certificate certificate : certificates) {
      distinct.putIfAbsent(Fingerprints.sha256(certificate), certificate);
    }
    List<X509Certificate> all = List.copyOf(distinct.values());
    if (all.isEmpty()) {
      throw new CertificateChainException(Reason.NOT_ONE_CHAIN, "no certificate to make a chain of");
    }
    List<X509Certificate> leaves = all.stream()
        .filter(candidate -> all.stream().noneMatch(other -> other != candidate && issued(other, candidate)))
        .toList();
    if (leaves.size() != 1) {
      throw new CertificateChainException(Reason.NOT_ONE_CHAIN, leaves.isEmpty()
          ? "the certificates " + names(all) + " are not one chain: each issues another, so none is the leaf"
          : "the certificates are not one chain: a chain has one leaf, but " + names(leaves)
              + " each issue none of the others");
    }
    List<X509Certificate> chain = new ArrayList<>();
    X509Certificate current = leaves.get(0);
    chain.add(current);
    while (!selfIssued(current)) {
      X509Certificate child = current;
      List<X509Certificate> issuers = all.stream()
          .filter(c -> !chain.contains(c) && issued(child, c))
          .toList();
      if (issuers.size() > 1) {
        throw new CertificateChainException(Reason.NOT_ONE_CHAIN, "the certificates are not one chain: "
            + name(child) + " could be issued by each of " + names(issuers));
      }
      if (issuers.isEmpty()) {
        break;
      }
      current = issuers.get(0);
      chain.add(current);
    }
    if (chain.size() != all.size()) {
      List<X509Certificate> strays = all.stream().filter(c -> !chain.contains(c)).toList();
      throw new CertificateChainException(Reason.NOT_ONE_CHAIN, "the certificates are not one chain: "
          + names(strays) + " not on the path " + names(chain));
    }
    return List.copyOf(chain);
  }

  /**
   * Validates {@code chain} (any order) against {@code trustAnchor} as the JDK's PKIX validator
   * does at {@code at}, then checks that the leaf may serve TLS (key usage, extended key usage
   * serverAuth) and carries every required name as a subject alternative name.
   *
   * <p>Revocation checking is off: the chain comes straight from the CA that just issued it, so
   * nothing in it can have been revoked yet that the CA would not have refused to issue; and AD CS
   * publishes its CRLs (if at all) at LDAP or intranet HTTP addresses the build host often cannot
   * reach, which would make every check fail for the wrong reason. A TLS client that later meets
   * this certificate does its own revocation checks.
   *
   * @param requiredDnsNames compared ignoring case; wildcards in the certificate match nothing
   * @param requiredIps IPv4 or IPv6 literals, compared as addresses
   * @throws CertificateChainException naming the certificate and what failed
   */
  public static void validate(List<X509Certificate> chain, X509Certificate trustAnchor, Instant at,
      List<String> requiredDnsNames, List<String> requiredIps) {
    List<X509Certificate> ordered = new ArrayList<>(order(chain));
    X509Certificate leaf = ordered.get(0);
    while (!ordered.isEmpty() && ordered.get(ordered.size() - 1).equals(trustAnchor)) {
      ordered.remove(ordered.size() - 1); // PKIX paths leave the anchor out
    }
    if (ordered.isEmpty()) {
      throw new CertificateChainException(Reason.INVALID_PATH,
          "the chain holds only the trusted root " + name(trustAnchor) + ", no server certificate");
    }
    X509Certificate top = ordered.get(ordered.size() - 1);
    if (selfIssued(top)) {
      throw new CertificateChainException(Reason.UNTRUSTED_ROOT, "the chain of " + name(leaf)
          + " ends at the root " + described(top) + ", not at the trusted root " + described(trustAnchor));
    }
    checkValidity(trustAnchor, "the trusted root", at);
    validatePath(ordered, trustAnchor, at);
    checkTlsServer(leaf);
    checkNames(leaf, new SubjectAlternativeNames(requiredDnsNames, requiredIps));
  }

  /** PEM ("-----BEGIN CERTIFICATE-----") of each certificate, in order. */
  public static String pem(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write certificates as PEM", e);
    }
    return text.toString();
  }

  public static String pem(X509Certificate certificate) {
    return pem(List.of(certificate));
  }

  public static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode " + name(certificate), e);
    }
  }

  /**
   * Certificates from DER or PEM (one or several blocks), as the JDK's CertificateFactory reads them.
   *
   * @throws IllegalArgumentException not a certificate
   */
  public static List<X509Certificate> certificates(byte[] pemOrDer) {
    try {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pemOrDer));
      if (read.isEmpty()) {
        throw new IllegalArgumentException("no certificate found");
      }
      return read.stream().map(X509Certificate.class::cast).toList();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** The leaf's DNS and IP subject alternative names, as text ("DNS:…", "IP:…"). */
  public static List<String> subjectAlternativeNames(X509Certificate certificate) {
    GeneralNames names = GeneralNames.fromExtensions(extensions(certificate), Extension.subjectAlternativeName);
    if (names == null) {
      return List.of();
    }
    List<String> text = new ArrayList<>();
    for (GeneralName name : names.getNames()) {
      if (name.getTagNo() == GeneralName.dNSName) {
        text.add("DNS:" + DERIA5String.getInstance(name.getName()).getString());
      } else if (name.getTagNo() == GeneralName.iPAddress) {
        text.add("IP:" + CertificateRequests.ipText(ASN1OctetString.getInstance(name.getName()).getOctets()));
      }
    }
    return text;
  }

  static String name(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "'";
  }

  private static void validatePath(List<X509Certificate> path, X509Certificate trustAnchor, Instant at) {
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trustAnchor, null)));
      parameters.setRevocationEnabled(false); // see validate()
      parameters.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (CertPathValidatorException e) {
      throw refusal(e, path, trustAnchor, at);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot run the JDK's PKIX validator: " + e.getMessage(), e);
    }
  }

  private static CertificateChainException refusal(CertPathValidatorException e, List<X509Certificate> path,
      X509Certificate trustAnchor, Instant at) {
    int index = e.getIndex();
    X509Certificate failed = index >= 0 && index < path.size() ? path.get(index) : null;
    String which = failed == null ? "the chain of " + name(path.get(0))
        : (index == 0 ? "the server certificate " : "the CA certificate ") + name(failed);
    if (e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID) {
      return new CertificateChainException(Reason.NOT_VALID_AT, which + " is not valid at " + at + ": "
          + validity(failed), e);
    }
    if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
      X509Certificate top = path.get(path.size() - 1);
      if (top.getIssuerX500Principal().equals(trustAnchor.getSubjectX500Principal())) {
        return new CertificateChainException(Reason.UNTRUSTED_ROOT, "the chain of " + name(path.get(0))
            + " does not lead to the trusted root " + described(trustAnchor) + ": its last certificate " + name(top)
            + " is issued by a CA of the same name but with another key (a CA made again or renewed with a new key?)",
            e);
      }
      return new CertificateChainException(Reason.UNTRUSTED_ROOT, "the chain of " + name(path.get(0))
          + " does not lead to the trusted root " + described(trustAnchor) + ": its last certificate " + name(top)
          + " is issued by '" + top.getIssuerX500Principal().getName() + "'", e);
    }
    if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
      if (index == path.size() - 1) {
        return new CertificateChainException(Reason.UNTRUSTED_ROOT, which + " names the trusted root "
            + name(trustAnchor) + " as its issuer but is not signed by that root's key (another CA of the same name?): "
            + "the trusted root is " + described(trustAnchor), e);
      }
      return new CertificateChainException(Reason.BAD_SIGNATURE, which + " is not signed by the key of its issuer "
          + name(path.get(index + 1)), e);
    }
    return new CertificateChainException(Reason.INVALID_PATH, which + " fails PKIX validation at " + at + " ("
        + e.getReason() + "): " + e.getMessage(), e);
  }

  private static void checkValidity(X509Certificate certificate, String role, Instant at) {
    try {
      certificate.checkValidity(Date.from(at));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new CertificateChainException(Reason.NOT_VALID_AT, role + " " + name(certificate) + " is not valid at "
          + at + ": " + validity(certificate), e);
    }
  }

  /** digitalSignature (TLS 1.2 ECDHE and TLS 1.3 sign the handshake), keyEncipherment for RSA key exchange, serverAuth. */
  private static void checkTlsServer(X509Certificate leaf) {
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null) {
      List<String> missing = new ArrayList<>();
      if (!keyUsage[0]) {
        missing.add("digitalSignature");
      }
      if ("RSA".equals(leaf.getPublicKey().getAlgorithm()) && !keyUsage[2]) {
        missing.add("keyEncipherment");
      }
      if (!missing.isEmpty()) {
        throw new CertificateChainException(Reason.NOT_FOR_TLS_SERVER, "the certificate " + name(leaf)
            + " cannot serve TLS: its key usage lacks " + String.join(" and ", missing));
      }
    }
    try {
      List<String> extendedKeyUsage = leaf.getExtendedKeyUsage();
      if (extendedKeyUsage != null && !extendedKeyUsage.contains(SERVER_AUTH)
          && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
        throw new CertificateChainException(Reason.NOT_FOR_TLS_SERVER, "the certificate " + name(leaf)
            + " is not for TLS servers: its extended key usage " + extendedKeyUsage
            + " lacks serverAuth (" + SERVER_AUTH + "); was it issued from the wrong template?");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new CertificateChainException(Reason.NOT_FOR_TLS_SERVER, "the certificate " + name(leaf)
          + " has an unreadable extended key usage: " + e.getMessage(), e);
    }
  }

  private static void checkNames(X509Certificate leaf, SubjectAlternativeNames required) {
    List<String> present = subjectAlternativeNames(leaf);
    Set<String> presentKeys = present.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    required.dnsNames().stream().map(n -> "DNS:" + n)
        .filter(n -> !presentKeys.contains(n.toLowerCase(Locale.ROOT))).forEach(missing::add);
    required.ipAddresses().stream().map(ip -> "IP:" + canonicalIp(ip))
        .filter(n -> !presentKeys.contains(n.toLowerCase(Locale.ROOT))).forEach(missing::add);
    if (!missing.isEmpty()) {
      throw new CertificateChainException(Reason.MISSING_NAME, "the certificate " + name(leaf)
          + " lacks the subject alternative name" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
          + " (it has " + (present.isEmpty() ? "none" : String.join(", ", present)) + ")");
    }
  }

  /** The text form {@link #subjectAlternativeNames} gives an address, so that "::1" and "0:0:…:1" compare equal. */
  private static String canonicalIp(String ip) {
    return CertificateRequests.ipText(ASN1OctetString.getInstance(
        new GeneralName(GeneralName.iPAddress, ip).getName()).getOctets());
  }

  private static byte[] unwrap(byte[] input) {
    if (input == null || input.length == 0) {
      throw new IllegalArgumentException("not a PKCS#7 certificate chain: no bytes");
    }
    if ((input[0] & 0xff) == 0x30) {
      return input; // DER or BER: a SEQUENCE
    }
    String text = new String(input, StandardCharsets.US_ASCII).strip();
    if (text.startsWith("-----BEGIN ")) {
      try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.US_ASCII))) {
        PemObject block = reader.readPemObject();
        if (block == null) {
          throw new IllegalArgumentException("not a PKCS#7 certificate chain: no complete PEM block");
        }
        return block.getContent();
      } catch (IOException e) {
        throw new IllegalArgumentException("not a PKCS#7 certificate chain: unreadable PEM: " + e.getMessage(), e);
      }
    }
    try {
      return Base64.decode(text.replaceAll("\\s", ""));
    } catch (DecoderException e) {
      throw new IllegalArgumentException("not a PKCS#7 certificate chain: neither DER, PEM nor base64", e);
    }
  }

  /** Whether {@code issuer} issued {@code child}: names match, and key identifiers where both are present. */
  private static boolean issued(X509Certificate child, X509Certificate issuer) {
    if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    byte[] authorityKeyId = authorityKeyIdentifier(child);
    byte[] subjectKeyId = subjectKeyIdentifier(issuer);
    return authorityKeyId == null || subjectKeyId == null || Arrays.equals(authorityKeyId, subjectKeyId);
  }

  private static boolean selfIssued(X509Certificate certificate) {
    return issued(certificate, certificate);
  }

  private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
    Extensions extensions = extensions(certificate);
    AuthorityKeyIdentifier identifier = extensions == null ? null : AuthorityKeyIdentifier.fromExtensions(extensions);
    return identifier == null ? null : identifier.getKeyIdentifierOctets();
  }

  private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    Extensions extensions = extensions(certificate);
    SubjectKeyIdentifier identifier = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
    return identifier == null ? null : identifier.getKeyIdentifier();
  }

  private static Extensions extensions(X509Certificate certificate) {
    try {
      return new JcaX509CertificateHolder(certificate).getExtensions();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot read the extensions of " + name(certificate), e);
    }
  }

  private static String described(X509Certificate certificate) {
    return name(certificate) + " (SHA-256 " + Fingerprints.sha256(certificate) + ")";
  }

  private static String validity(X509Certificate certificate) {
    return certificate == null ? "see the cause"
        : "valid from " + certificate.getNotBefore().toInstant() + " until " + certificate.getNotAfter().toInstant();
  }

  private static String names(List<X509Certificate> certificates) {
    return certificates.stream().map(CertificateChains::name).collect(Collectors.joining(", "));
  }

  /** Whether {@code certificate} is its own issuer and its signature verifies with its own key: a root. */
  public static boolean selfSigned(X509Certificate certificate) {
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
