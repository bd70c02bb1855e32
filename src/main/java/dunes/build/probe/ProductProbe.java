package dunes.build.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dunes.build.BuildSpec;
import dunes.build.FieldError;
import java.util.List;

/**
 * A read-only look at one product the build will change, taken before any change: what it is
 * (its version) and whether it has every surface the build will use. It never changes anything,
 * so it may run any number of times.
 *
 * <p>A finding is a {@link FieldError} on the request field that names the missing thing (e.g.
 * {@code vcenter.cluster}: "cluster 'LabCluster' has DRS disabled; vApps need DRS"). An empty list
 * means the product has everything. A product that cannot be reached is an exception (the job's
 * retry cycle, then an incident), not a finding.
 */
public interface ProductProbe {

  /** The product probed, for the probe report: {@code vcenter}, {@code edge}, {@code ca}, ... */
  String product();

  /**
   * @param spec the validated request
   * @param trust the fingerprints pinned for this build so far, by endpoint key as
   *     {@link ProbeTrust} names them
   */
  ProbeReport probe(BuildSpec spec, ProbeTrust trust);

  /** What a probe saw: {@code version} as the product states it, and the findings. */
  record ProbeReport(String product, String version, List<FieldError> findings) {
    public ProbeReport {
      findings = List.copyOf(findings);
    }

    @JsonIgnore
    public boolean passed() {
      return findings.isEmpty();
    }
  }
}
