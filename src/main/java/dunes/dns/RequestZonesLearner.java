package dunes.dns;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BaseDelegateExecution;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.delegate.DelegateInvocation;
import org.camunda.bpm.engine.impl.interceptor.DelegateInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * Before any step of a build runs, {@link RequestZones} learns the zone of the build's request
 * ({@value BuildVariables#BUILD_SPEC}): the engine's one door to every delegate, so a restarted
 * Dunes knows the zone again from the first step it runs, whichever process that step is in.
 */
class RequestZonesLearner extends AbstractProcessEnginePlugin {

  /** Requests of builds in flight are learnt once each; more than this many at once are learnt again as they come. */
  static final int REMEMBERED = 256;

  private final RequestZones zones;
  /** The requests already learnt, most recently seen last: with builds interleaving, one "last" would not do. */
  private final Map<String, Boolean> learnt = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  RequestZonesLearner(RequestZones zones) {
    this.zones = zones;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    DelegateInterceptor next = configuration.getDelegateInterceptor();
    configuration.setDelegateInterceptor(invocation -> {
      learnFrom(invocation);
      next.handleInvocation(invocation);
    });
  }

  /** Every delegate, listener and expression passes here: a request already learnt is not parsed again. */
  private void learnFrom(DelegateInvocation invocation) {
    String spec = buildSpec(invocation.getContextExecution());
    if (spec == null || learnt.get(spec) != null) {
      return;
    }
    BuildSpec.Network network;
    try {
      network = BuildRequestReader.parseTrusted(spec).network();
    } catch (RuntimeException unreadable) {
      return; // the step reading it reports that
    }
    if (network != null) {
      zones.learn(network.domain(), network.dns());
    }
    learnt.put(spec, Boolean.TRUE);
  }

  /**
   * The build's request as this execution sees it, or as the process that called its process does:
   * a called stage (certificate confirmation, say) may take only the variables it needs.
   */
  private static String buildSpec(BaseDelegateExecution execution) {
    BaseDelegateExecution current = execution;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current.getVariable(BuildVariables.BUILD_SPEC) instanceof String spec) {
        return spec;
      }
      current = current instanceof ExecutionEntity entity && entity.getProcessInstance() != null
          ? entity.getProcessInstance().getSuperExecution() : null;
    }
    return null;
  }
}
