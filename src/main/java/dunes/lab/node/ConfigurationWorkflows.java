package dunes.lab.node;

import com.fasterxml.jackson.databind.JsonNode;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Configuration plug-in workflows a node knows, by id, and what running them did to the node.
 * Ids of SSO, SQL Server, network settings and "Delete trusted certificate" are from the vCO 5.5.1
 * documentation (PROTOCOLS.md 1c). Every other workflow here is the lab's own, mirroring a page of
 * the configurator, so its id, name and inputs are *unverified* placeholders.
 */
final class ConfigurationWorkflows {

  record Workflow(String id, String name) {}

  /** One input as posted; {@code value} is null for a SecureString, whose value the lab never keeps. */
  record Parameter(String name, String type, JsonNode value) {

    boolean secure() {
      return type.equals("SecureString");
    }
  }

  /**
   * What a run did.
   *
   * @param runTime how long the execution reports "running" (zero: completed at once)
   * @param error vCO's error text of a failed execution, null when it succeeded
   */
  record Outcome(Duration runTime, String error) {

    static final Outcome DONE = new Outcome(Duration.ZERO, null);

    static Outcome failed(String error) {
      return new Outcome(Duration.ZERO, error);
    }
  }

  static final Workflow CONFIGURE_SSO = new Workflow("9ff67fbc-411c-47c7-af80-c81b1215b516", "Configure SSO");
  static final Workflow SQL_SERVER = new Workflow("9643be91-35fc-49a9-819b-56e3bffc7705", "Microsoft SQL Server");
  static final Workflow NETWORK = new Workflow("440c9173-0866-4819-b4c9-f5e15004fd4c", "Configure network settings");
  static final Workflow DELETE_TRUSTED = new Workflow("8a70a326-ffd7-4fef-97e0-2002ac49f5bd", "Delete trusted certificate");
  /** *unverified*: the configurator's Server Availability page */
  static final Workflow CONFIGURE_CLUSTER = new Workflow("dunes-lab-configure-cluster", "Configure cluster");
  /** *unverified*: the SSL Trust Manager's "Import from URL" (field guide, configure step 8) */
  static final Workflow IMPORT_CERTIFICATE = new Workflow("dunes-lab-import-certificate-from-url", "Import certificate from URL");
  /** *unverified*: the Licenses page, licence from vCenter (step 13) */
  static final Workflow CONFIGURE_LICENCE = new Workflow("dunes-lab-configure-licence", "Configure licence");
  /** *unverified*: the Plug-ins page (step 14) */
  static final Workflow INSTALL_PLUGIN = new Workflow("dunes-lab-install-plugin", "Install plug-in");
  /** *unverified*: the Database page's "Create the database tables" link (step 12) */
  static final Workflow CREATE_TABLES = new Workflow("dunes-lab-create-database-tables", "Create database tables");
  /** *unverified* id: the library's "Sleep" (input sleepTime, seconds), the lab's workflow that takes time */
  static final Workflow SLEEP = new Workflow("dunes-lab-sleep", "Sleep");

  static final List<Workflow> ALL = List.of(CONFIGURE_SSO, SQL_SERVER, NETWORK, DELETE_TRUSTED, CONFIGURE_CLUSTER,
      IMPORT_CERTIFICATE, CONFIGURE_LICENCE, INSTALL_PLUGIN, CREATE_TABLES, SLEEP);

  private static final Duration LONGEST_SLEEP = Duration.ofHours(1);

  private final LabVcoDatabase database;
  /** host (and port, when not 443) of each URL whose certificate "Import certificate from URL" trusted */
  private final Set<String> trustedHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> plugins = ConcurrentHashMap.newKeySet();
  private volatile boolean tablesCreated;
  private final String ssoAdminPassword;

  ConfigurationWorkflows(LabVcoDatabase database) {
    this(database, null);
  }

  /** @param ssoAdminPassword what "Configure SSO" accepts as the SSO administrator's password; null accepts any */
  ConfigurationWorkflows(LabVcoDatabase database, String ssoAdminPassword) {
    this.database = database;
    this.ssoAdminPassword = ssoAdminPassword;
  }

  static Optional<Workflow> byId(String id) {
    return ALL.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  static List<Workflow> byName(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).toList();
  }

  /** The hosts whose certificates this node trusts through "Import certificate from URL", sorted. */
  List<String> trustedHosts() {
    return List.copyOf(new TreeSet<>(trustedHosts));
  }

  List<String> plugins() {
    return List.copyOf(new TreeSet<>(plugins));
  }

  boolean tablesCreated() {
    return tablesCreated;
  }

  /**
   * Runs {@code workflow} with the posted inputs. Missing or invalid inputs fail the execution with
   * an error text, as a workflow's own validation would, except "Configure cluster" which refuses
   * the request before any run.
   *
   * @throws IllegalArgumentException when the request is refused (HTTP 400, no execution)
   */
  Outcome run(Workflow workflow, Map<String, Parameter> inputs) {
    return run(workflow, inputs, Map.of());
  }

  /** @param secureValues the posted SecureString values, checked here and not kept */
  Outcome run(Workflow workflow, Map<String, Parameter> inputs, Map<String, String> secureValues) {
    try {
      if (workflow.equals(CONFIGURE_SSO) && ssoAdminPassword != null
          && !ssoAdminPassword.equals(secureValues.get("ssoAdminPassword"))) {
        // as the SSO admin client reports it (*unverified* wording for vCO 5.5)
        throw new WorkflowFailure("com.vmware.vim.sso.admin.exception.InvalidCredentialException: SSO refused the"
            + " credentials of " + text(inputs, "ssoAdminUser"));
      }
      if (workflow.equals(CONFIGURE_CLUSTER)) {
        database.configure(clusterSettings(inputs));
      } else if (workflow.equals(IMPORT_CERTIFICATE)) {
        trustedHosts.add(hostOf(text(inputs, "url")));
      } else if (workflow.equals(CONFIGURE_LICENCE)) {
        text(inputs, "vcenterHost");
        text(inputs, "vcenterUser");
        secret(inputs, "vcenterPassword");
      } else if (workflow.equals(INSTALL_PLUGIN)) {
        plugins.add(text(inputs, "pluginName"));
      } else if (workflow.equals(CREATE_TABLES)) {
        tablesCreated = true;
      } else if (workflow.equals(SLEEP)) {
        return new Outcome(sleepTime(inputs), null);
      }
      return Outcome.DONE;
    } catch (WorkflowFailure e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /** A workflow's own refusal of its inputs: the execution fails with this text. */
  private static final class WorkflowFailure extends RuntimeException {
    WorkflowFailure(String message) {
      super(message, null, false, false);
    }
  }

  private static ClusterSettings clusterSettings(Map<String, Parameter> inputs) {
    return new ClusterSettings(required(inputs, "clusterMode").asBoolean(),
        required(inputs, "activeNodes").asInt(),
        Duration.ofMillis(required(inputs, "heartbeatInterval").asLong()),
        required(inputs, "failoverHeartbeats").asInt());
  }

  private static JsonNode required(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || input.value() == null) {
      throw new IllegalArgumentException("input '" + name + "' is required");
    }
    return input.value();
  }

  private static String text(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || input.value() == null || !input.value().isTextual() || input.value().asText().isBlank()) {
      throw new WorkflowFailure("Input parameter '" + name + "' (string) is required");
    }
    return input.value().asText();
  }

  private static void secret(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || !input.secure()) {
      throw new WorkflowFailure("Input parameter '" + name + "' (SecureString) is required");
    }
  }

  private static String hostOf(String url) {
    try {
      URI uri = new URI(url);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new WorkflowFailure("Invalid URL '" + url + "': expected https://<host>[:<port>]");
      }
      return uri.getPort() < 0 || uri.getPort() == 443 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      throw new WorkflowFailure("Invalid URL '" + url + "': " + e.getReason());
    }
  }

  private static Duration sleepTime(Map<String, Parameter> inputs) {
    Parameter input = inputs.get("sleepTime");
    if (input == null || input.value() == null || !input.value().isNumber()) {
      throw new WorkflowFailure("Input parameter 'sleepTime' (number) is required");
    }
    Duration time = Duration.ofMillis(Math.round(input.value().asDouble() * 1000));
    if (time.isNegative() || time.compareTo(LONGEST_SLEEP) > 0) {
      throw new WorkflowFailure("sleepTime must be between 0 and " + LONGEST_SLEEP.toSeconds() + " seconds");
    }
    return time;
  }
}
