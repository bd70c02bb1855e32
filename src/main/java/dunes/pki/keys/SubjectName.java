package dunes.pki.keys;

import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject of a certificate request, as the vCO configurator asks for it when it creates the
 * package-signing certificate: a common name (the cluster's virtual FQDN) and optionally
 * organization, organizational unit and country. Blank parts are left out.
 */
public record SubjectName(String commonName, String organization, String organizationalUnit, String country) {

  public SubjectName {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("a certificate subject needs a common name");
    }
    commonName = commonName.strip();
    organization = blankToNull(organization);
    organizationalUnit = blankToNull(organizationalUnit);
    country = blankToNull(country);
    if (country != null) {
      if (!country.matches("[A-Za-z]{2}")) {
        throw new IllegalArgumentException("the subject's country must be two letters (ISO 3166), not '" + country + "'");
      }
      country = country.toUpperCase(Locale.ROOT);
    }
  }

  public static SubjectName of(String commonName) {
    return new SubjectName(commonName, null, null, null);
  }

  /**
   * Encoded in X.500 order (C, O, OU, CN: most significant first), so that RFC 2253 text, Windows
   * and keytool show it as "CN=…, OU=…, O=…, C=…".
   */
  public X500Name x500Name() {
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    if (country != null) {
      name.addRDN(BCStyle.C, country);
    }
    if (organization != null) {
      name.addRDN(BCStyle.O, organization);
    }
    if (organizationalUnit != null) {
      name.addRDN(BCStyle.OU, organizationalUnit);
    }
    name.addRDN(BCStyle.CN, commonName);
    return name.build();
  }

  public X500Principal principal() {
    try {
      return new X500Principal(x500Name().getEncoded());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode the subject " + commonName, e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
