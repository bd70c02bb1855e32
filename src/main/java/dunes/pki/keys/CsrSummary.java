package dunes.pki.keys;

import java.util.List;

/**
 * What an approver needs to see of a certificate request: whom it names and how strong its key is.
 *
 * @param subject the requested subject in RFC 2253 form (CN first)
 * @param dnsNames the DNS subject alternative names of the extensionRequest, in their order
 * @param ipAddresses the IP subject alternative names, as text (IPv6 in full form)
 * @param keyBits RSA modulus length, or the curve size of an EC key
 */
public record CsrSummary(String subject, List<String> dnsNames, List<String> ipAddresses, int keyBits) {

  public CsrSummary {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }
}
