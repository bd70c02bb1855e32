package dunes.support;

import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.impl.DefaultAdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.impl.DefaultCockpitRuntimeDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.impl.DefaultTasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.impl.DefaultWelcomeRuntimeDelegate;

/**
 * The JVM-wide registries the engine's REST API and the webapps look things up in. Tests keep
 * several application contexts alive in one JVM (Spring's context cache) and start and close
 * others; each start registers its engine as "the" default one, and each close of a Tomcat
 * clears the webapps' runtime statics (their {@code *ContainerBootstrap.contextDestroyed}), which
 * left every other context's Tasklist login answering 500. A test claims both for its context.
 */
public final class JvmRegistries {

  private JvmRegistries() {}

  public static void claim(ProcessEngine engine) {
    ProcessEngines.registerProcessEngine(engine);
    // the webapps' own defaults, as their bootstrap listeners install them at a Tomcat's start
    if (Admin.getRuntimeDelegate() == null) {
      Admin.setAdminRuntimeDelegate(new DefaultAdminRuntimeDelegate());
    }
    if (Tasklist.getRuntimeDelegate() == null) {
      Tasklist.setTasklistRuntimeDelegate(new DefaultTasklistRuntimeDelegate());
    }
    if (Cockpit.getRuntimeDelegate() == null) {
      Cockpit.setCockpitRuntimeDelegate(new DefaultCockpitRuntimeDelegate());
    }
    if (Welcome.getRuntimeDelegate() == null) {
      Welcome.setRuntimeDelegate(new DefaultWelcomeRuntimeDelegate());
    }
  }
}
