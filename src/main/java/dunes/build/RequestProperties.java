package dunes.build;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code dunes.request.*}: the bounds of a build request that are the site's to choose.
 *
 * @param maxSize the largest request text Dunes reads (64 KB: the example is under 3 KB); a larger
 *     POST /api/builds body is answered 413, a larger message payload is a field error
 * @param minNodes the fewest nodes of a cluster (2: an HA cluster)
 * @param maxNodes the most nodes of a cluster (16)
 * @param certificateDomains the DNS suffixes under which the certificates' names may be
 *     ({@code cluster.fqdn}, every {@code nodes[].fqdn}): the CA signs what Dunes submits, so a
 *     request must not get a certificate for a name outside the site's own zones; none configured
 *     refuses every request
 */
@ConfigurationProperties("dunes.request")
public record RequestProperties(DataSize maxSize, Integer minNodes, Integer maxNodes, List<String> certificateDomains) {

  public RequestProperties {
    maxSize = maxSize == null ? DataSize.ofKilobytes(64) : maxSize;
    minNodes = minNodes == null ? 2 : minNodes;
    maxNodes = maxNodes == null ? 16 : maxNodes;
    certificateDomains = certificateDomains == null ? List.of()
        : certificateDomains.stream().map(d -> d.strip().replaceAll("^\\.+|\\.+$", "").toLowerCase(Locale.ROOT))
            .filter(d -> !d.isEmpty()).toList();
    if (minNodes < 2 || maxNodes < minNodes) {
      throw new IllegalArgumentException("dunes.request: min-nodes must be at least 2 and max-nodes at least min-nodes, "
          + "got " + minNodes + " and " + maxNodes);
    }
  }

  /** The defaults with these certificate domains. */
  public static RequestProperties allowing(String... certificateDomains) {
    return new RequestProperties(null, null, null, List.of(certificateDomains));
  }

  /** Whether {@code fqdn} is one of the domains or below one, compared ignoring case. */
  public boolean certificateNameAllowed(String fqdn) {
    String name = fqdn.toLowerCase(Locale.ROOT);
    return certificateDomains.stream().anyMatch(d -> name.endsWith("." + d));
  }
}
