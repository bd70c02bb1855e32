package dunes.appliance.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.appliance.config.*}: the vCO configuration client. The REST logins are the
 * request's ({@code appliance.vcoAdminUsername}, {@code sso.vcoAdminUsername}), not settings.
 *
 * @param connectTimeout TCP connect (and TLS handshake)
 * @param responseTimeout socket reads and one call's answer
 * @param workflows each configuration step's workflow ({@code workflows.<step>.name}, {@code .id}),
 *     over {@link #DOCUMENTED}: a step without one is handed to an operator (docs/vco-configuration.md)
 */
@ConfigurationProperties("dunes.appliance.config")
public record VcoConfigProperties(Duration connectTimeout, Duration responseTimeout, Map<String, WorkflowRef> workflows) {

  /**
   * The workflows the vCO 5.5.x docs name (PROTOCOLS.md 1c and corrections): the install and
   * configuration guide's "Configuring vCO by Using the Configuration Plug-In and the REST API", and
   * the vCenter plug-in's configuration workflows. Every other step has no default.
   */
  public static final Map<String, WorkflowRef> DOCUMENTED = Map.of(
      "sso", new WorkflowRef("Configure SSO", "9ff67fbc-411c-47c7-af80-c81b1215b516"),
      "database", new WorkflowRef("Microsoft SQL Server", "9643be91-35fc-49a9-819b-56e3bffc7705"),
      "network", new WorkflowRef("Configure network settings", "440c9173-0866-4819-b4c9-f5e15004fd4c"),
      "import-certificate", WorkflowRef.named("Import trusted certificate from URL"),
      "licence", new WorkflowRef("Use vCenter Server license", "5f4a37f4-6f8f-4d20-9468-e7018c206952"),
      "vcenter", WorkflowRef.named("Add a vCenter Server instance"));

  public VcoConfigProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
    Map<String, WorkflowRef> merged = new LinkedHashMap<>(DOCUMENTED);
    if (workflows != null) {
      workflows.forEach((step, workflow) -> merged.put(step, workflow == null ? new WorkflowRef(null, null) : workflow));
    }
    workflows = Map.copyOf(merged);
  }

  public static VcoConfigProperties defaults() {
    return new VcoConfigProperties(null, null, null);
  }

  /** The workflow of {@code step}; {@link WorkflowRef#configured()} is false when none is known. */
  public WorkflowRef workflow(String step) {
    return workflows.getOrDefault(step, new WorkflowRef(null, null));
  }
}
