package dunes.pki.keys;

import dunes.pki.Fingerprints;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Edits of a node's {@code jssecacerts} (a JKS keystore; a PKCS#12 one is read and written back
 * as PKCS#12), taken and given as bytes because the file travels over SFTP. Each edit loads the
 * bytes, changes one thing and stores them again; an edit that finds its work done answers the
 * bytes it was given, so that a retried step uploads nothing new.
 *
 * <p>The private key of a new certificate is made inside the keystore under a pending alias, signs
 * its request there and moves to the target alias with the CA's chain: it is never returned, and
 * exists outside the keystore object only in a local variable while it signs. A pending key has the
 * store password as its key password, as {@code keytool -genkeypair} gives it when asked none.
 */
public final class Keystores {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Keystores() {}

  /**
   * A fresh RSA key pair with a self-signed placeholder certificate under {@code pendingAlias}, as
   * {@code keytool -genkeypair} makes; every other entry stays as it is.
   *
   * @return new bytes, or {@code jks} itself when {@code pendingAlias} already holds a key
   * @throws IllegalStateException the alias holds a trusted certificate, not a key
   */
  public static byte[] generatePending(byte[] jks, char[] storePass, String pendingAlias, KeyParameters parameters) {
    KeyStore store = load(jks, storePass);
    try {
      if (store.isKeyEntry(pendingAlias)) {
        return jks;
      }
      if (store.containsAlias(pendingAlias)) {
        throw new IllegalStateException("the keystore's alias '" + pendingAlias
            + "' holds a trusted certificate, not a key: choose another pending alias");
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(parameters.rsaBits(), RANDOM);
      KeyPair keys = generator.generateKeyPair();
      store.setKeyEntry(pendingAlias, keys.getPrivate(), storePass,
          new Certificate[] {placeholder(keys, parameters)});
      return save(store, storePass);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a key pair under '" + pendingAlias + "': " + e.getMessage(), e);
    }
  }

  /**
   * A PEM certificate request for the pending key, signed inside this call by that key (see
   * {@link CertificateRequests} for what it asks). The same keystore always gives a request for the
   * same key; the signature bytes may differ between calls.
   *
   * @throws IllegalStateException no key under {@code pendingAlias}
   */
  public static String csrFor(byte[] jks, char[] storePass, String pendingAlias, SubjectName subject,
      SubjectAlternativeNames names) {
    KeyStore store = load(jks, storePass);
    X509Certificate placeholder = pendingCertificate(store, pendingAlias);
    PrivateKey key = privateKey(store, pendingAlias, storePass);
    return CertificateRequests.pem(CertificateRequests.build(placeholder.getPublicKey(), key, subject.principal(),
        names));
  }

  /**
   * Puts the pending key with the CA's {@code chain} (any order; ordered leaf first) under
   * {@code targetAlias} with {@code keyPassword}, and removes the pending alias and whatever
   * {@code targetAlias} held before: keytool's {@code -delete -alias dunes} plus
   * {@code -importcert -alias dunes -keypass dunesdunes} of the field guide, in one edit.
   * Trust is not checked here: validate the chain with {@link CertificateChains#validate} first.
   *
   * @return new bytes, or {@code jks} itself when {@code targetAlias} already holds this chain
   * @throws IllegalArgumentException the chain's leaf is not for the pending key, or the aliases are the same
   * @throws IllegalStateException no pending key (and the target does not hold the chain)
   * @throws CertificateChainException the certificates are not one chain
   */
  public static byte[] installChain(byte[] jks, char[] storePass, String pendingAlias, String targetAlias,
      char[] keyPassword, List<X509Certificate> chain) {
    if (pendingAlias.toLowerCase(Locale.ROOT).equals(targetAlias.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("the pending alias and the target alias are both '" + targetAlias
          + "': the pending key needs an alias of its own");
    }
    List<X509Certificate> ordered = CertificateChains.order(chain);
    Certificate[] certificates = ordered.toArray(Certificate[]::new);
    KeyStore store = load(jks, storePass);
    try {
      if (store.isKeyEntry(targetAlias) && Arrays.equals(store.getCertificateChain(targetAlias), certificates)) {
        return jks;
      }
      X509Certificate placeholder = pendingCertificate(store, pendingAlias);
      X509Certificate leaf = ordered.get(0);
      if (!leaf.getPublicKey().equals(placeholder.getPublicKey())) {
        throw new IllegalArgumentException("the certificate " + CertificateChains.name(leaf) + " (SHA-256 "
            + Fingerprints.sha256(leaf) + ") is not for the pending key '" + pendingAlias
            + "': it was issued for another request; submit the request made from this keystore");
      }
      PrivateKey key = privateKey(store, pendingAlias, storePass);
      if (store.containsAlias(targetAlias)) {
        store.deleteEntry(targetAlias);
      }
      store.setKeyEntry(targetAlias, key, keyPassword, certificates);
      store.deleteEntry(pendingAlias);
      return save(store, storePass);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot install the chain of " + CertificateChains.name(ordered.get(0))
          + " under '" + targetAlias + "': " + e.getMessage(), e);
    }
  }

  /**
   * The certificate of an entry (a key entry's first certificate).
   *
   * @throws IllegalArgumentException no such alias
   */
  public static X509Certificate entryCertificate(byte[] jks, char[] storePass, String alias) {
    KeyStore store = load(jks, storePass);
    try {
      if (store.getCertificate(alias) instanceof X509Certificate certificate) {
        return certificate;
      }
      throw new IllegalArgumentException("the keystore has no certificate under alias '" + alias + "'");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read alias '" + alias + "' of the keystore: " + e.getMessage(), e);
    }
  }

  /** A key entry's chain, leaf first. @throws IllegalArgumentException no key entry under {@code alias} */
  public static List<X509Certificate> entryChain(byte[] jks, char[] storePass, String alias) {
    KeyStore store = load(jks, storePass);
    try {
      Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias) : null;
      if (chain == null) {
        throw new IllegalArgumentException("the keystore has no key entry under alias '" + alias + "'");
      }
      return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read alias '" + alias + "' of the keystore: " + e.getMessage(), e);
    }
  }

  public static boolean contains(byte[] jks, char[] storePass, String alias) {
    try {
      return load(jks, storePass).containsAlias(alias);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot list the keystore's aliases: " + e.getMessage(), e);
    }
  }

  private static X509Certificate pendingCertificate(KeyStore store, String pendingAlias) {
    try {
      if (store.isKeyEntry(pendingAlias) && store.getCertificate(pendingAlias) instanceof X509Certificate certificate) {
        return certificate;
      }
      throw new IllegalStateException("the keystore has no pending key '" + pendingAlias
          + "': generate it first (generatePending)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read alias '" + pendingAlias + "' of the keystore: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(KeyStore store, String alias, char[] keyPassword) {
    try {
      Key key = store.getKey(alias, keyPassword);
      if (key instanceof PrivateKey privateKey) {
        return privateKey;
      }
      throw new IllegalStateException("alias '" + alias + "' of the keystore holds no private key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the key of alias '" + alias
          + "' with the store password (a pending key has the store password as key password): " + e.getMessage(), e);
    }
  }

  private static X509Certificate placeholder(KeyPair keys, KeyParameters parameters) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(parameters.subject().principal(),
          new BigInteger(63, RANDOM).add(BigInteger.ONE), Date.from(now),
          Date.from(now.plus(parameters.placeholderValidity())), parameters.subject().principal(), keys.getPublic());
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(CertificateRequests.SIGNATURE_ALGORITHM).build(keys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot make the placeholder certificate for "
          + parameters.subject().commonName(), e);
    }
  }

  /** Loads a JKS (or, by the JDK's keystore.type.compat, a PKCS#12) keystore. */
  private static KeyStore load(byte[] bytes, char[] storePass) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("the keystore is empty: no bytes to read");
    }
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(new ByteArrayInputStream(bytes), storePass);
      return store;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the keystore: wrong store password, or not a JKS/PKCS#12 "
          + "keystore (" + e.getMessage() + ")", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open the keystore: " + e.getMessage(), e);
    }
  }

  private static byte[] save(KeyStore store, char[] storePass) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, storePass);
      return out.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the keystore: " + e.getMessage(), e);
    }
  }
}
