package dunes.build.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Asks one product (the activity's input {@code probedProduct}) what it is and whether it has what
 * the build will use, trusting only the fingerprints the build pinned before. Read-only: a retry
 * asks again. The report goes to {@code probeReport_<product>} (JSON) for {@link JudgeProbesStep}.
 */
@Component
public class ProbeProductStep implements JavaDelegate {

  static final String PROBED_PRODUCT = "probedProduct";
  static final String REPORT_PREFIX = "probeReport_";
  /** Process variables holding the pinned fingerprints, by {@link ProbeTrust} endpoint. */
  static final Map<String, String> TRUST_VARIABLES = Map.of(
      ProbeTrust.VCENTER, "vcenterFingerprint", ProbeTrust.EDGE, "edgeFingerprint", ProbeTrust.CA, "caFingerprint",
      ProbeTrust.VCO_REFERENCE, "referenceFingerprint");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProductProbes probes;

  public ProbeProductStep(ProductProbes probes) {
    this.probes = probes;
  }

  @Override
  public void execute(DelegateExecution execution) throws JsonProcessingException {
    String product = (String) execution.getVariableLocal(PROBED_PRODUCT);
    if (product == null) {
      throw new IllegalStateException("activity " + execution.getCurrentActivityId() + " has no input '" + PROBED_PRODUCT + "'");
    }
    BuildSpec spec = BuildVariables.spec(execution);
    ProductProbe.ProbeReport report = probes.of(product).probe(spec, trust(execution));
    execution.getProcessInstance().setVariable(REPORT_PREFIX + product, JSON.writeValueAsString(report));
  }

  static ProbeTrust trust(DelegateExecution execution) {
    Map<String, String> pinned = new HashMap<>();
    TRUST_VARIABLES.forEach((endpoint, variable) -> {
      Object value = execution.getVariable(variable);
      if (value instanceof String fingerprint) {
        pinned.put(endpoint, fingerprint);
      }
    });
    return new ProbeTrust(pinned);
  }
}
