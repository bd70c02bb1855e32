package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After an operator performed a configuration step by hand: reads the result back where the vCO
 * REST API documents a read ({@code GET /vco/api/plugins} for a plug-in), and otherwise keeps who
 * confirmed it ({@code configurationConfirmedBy}, set when the task completed). A plug-in the
 * server does not list sets {@code configurationVerified} false, so the process hands the task back.
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

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    String configuration = (String) execution.getVariable("configuration");
    String confirmedBy = (String) execution.getVariable(ConfirmedByListener.CONFIRMED_BY);
    String verification;
    boolean verified;
    if (configuration.startsWith("plugin:")) {
      String plugin = configuration.substring(7);
      List<String> installed = vco.plugins(ConfigurationTargets.of(execution, spec, node));
      verified = installed.stream().anyMatch(name -> name.toLowerCase(Locale.ROOT).equals(plugin.toLowerCase(Locale.ROOT)));
      verification = verified ? "GET /vco/api/plugins on " + node.name() + " lists '" + plugin + "' (confirmed by "
          + confirmedBy + ")"
          : "GET /vco/api/plugins on " + node.name() + " does not list '" + plugin + "' (it lists " + installed
              + "): install it on the Plug-ins page and restart vco-server, then confirm again";
    } else {
      verified = true; // no documented read of this setting: the operator's confirmation is the record
      verification = "confirmed by " + confirmedBy + " (no documented read of this setting)";
    }
    LOG.info("node {}: step '{}' done by hand: {}", node.name(), configuration, verification);
    execution.setVariable(VERIFIED, verified);
    execution.setVariable(VERIFICATION, verification);
    execution.setVariable("configurationResult", verification);
  }
}
