package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.keys.CertificateRequests;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After an operator performed a configuration step by hand: reads the result back where the vCO
 * REST API documents a read ({@code GET /vco/api/plugins} for a plug-in), checks what the operator
 * handed over (the exported package-signing CSR: a PKCS#10 request signed by its own key, CN = the
 * cluster's name), and otherwise keeps who confirmed it ({@code configurationConfirmedBy}, set when
 * the task completed). A plug-in the server does not list, or a CSR Dunes would not submit, sets
 * {@code configurationVerified} false, so the process hands the task back with the reason.
 */
@Component
public class VerifyConfigurationStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(VerifyConfigurationStep.class);
  static final String VERIFIED = "configurationVerified";
  static final String VERIFICATION = "configurationVerification";

  private final VcoConfigPort vco;

  public VerifyConfigurationStep(VcoConfigPort vco) {
    this.vco = vco;
  }

  private record Result(boolean verified, String verification) {}

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    String configuration = (String) execution.getVariable("configuration");
    String confirmedBy = (String) execution.getVariable(ConfirmedByListener.CONFIRMED_BY);
    Result result;
    if (configuration.startsWith("plugin:")) {
      result = plugin(execution, spec, node, configuration.substring(7), confirmedBy);
    } else if (configuration.equals("exportPackageSigningCsr")) {
      result = signingRequest((String) execution.getVariable(NodeConfiguration.PASTED_CSR), spec, confirmedBy);
    } else { // no documented read of this setting: the operator's confirmation is the record
      result = new Result(true, "confirmed by " + confirmedBy + " (no documented read of this setting)");
    }
    LOG.info("node {}: step '{}' done by hand: {}", node.name(), configuration, result.verification());
    execution.setVariable(VERIFIED, result.verified());
    execution.setVariable(VERIFICATION, result.verification());
    execution.setVariable("configurationResult", result.verification());
  }

  private Result plugin(DelegateExecution execution, BuildSpec spec, BuildSpec.Node node, String plugin,
      String confirmedBy) {
    List<String> installed = vco.plugins(ConfigurationTargets.of(execution, spec, node));
    boolean listed = installed.stream()
        .anyMatch(name -> name.toLowerCase(Locale.ROOT).equals(plugin.toLowerCase(Locale.ROOT)));
    return new Result(listed, listed
        ? "GET /vco/api/plugins on " + node.name() + " lists '" + plugin + "' (confirmed by " + confirmedBy + ")"
        : "GET /vco/api/plugins on " + node.name() + " does not list '" + plugin + "' (it lists " + installed
            + "): install it on the Plug-ins page and restart vco-server, then confirm again");
  }

  /** The CSR the operator pasted is what Dunes will submit to the CA: the package-signing one, intact. */
  private static Result signingRequest(String pem, BuildSpec spec, String pastedBy) {
    try {
      CertificateRequests.parseFor(pem, spec.cluster().fqdn());
      return new Result(true, "the pasted CSR is for CN=" + spec.cluster().fqdn() + " and signed by its own key "
          + "(pasted by " + pastedBy + ")");
    } catch (IllegalArgumentException e) {
      return new Result(false, "Dunes will not submit the pasted text: " + e.getMessage() + ". Paste the whole "
          + "vCO_SigningRequest.csr exported from the Server Certificate page of the certificate created for "
          + spec.cluster().fqdn() + ", then confirm again");
    }
  }
}
