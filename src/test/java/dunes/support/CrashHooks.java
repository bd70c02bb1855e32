package dunes.support;

import dunes.appliance.shell.NodeShellPort;
import dunes.pki.certsrv.CertsrvPort;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Crashes in-process between an external effect and the commit of the job that made it: an armed
 * point lets the call through, then throws, so the job's transaction rolls back as if Dunes had died
 * there, and the engine retries the job. Points: {@code step:<beanName>} (after the whole step),
 * {@code certsrv:submit} (after the CA accepted the CSR, before Dunes reads the answer),
 * {@code shell:upload:<path>} (after the file is on the node). Each arming crashes once.
 */
@TestConfiguration
public class CrashHooks {

  private static final Map<String, AtomicInteger> ARMED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CRASHED = new ConcurrentHashMap<>();

  /** Crashes once at {@code point}, the next time the call gets past its effect. */
  public static void arm(String point) {
    ARMED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
  }

  /** How often {@code point} crashed since {@link #reset}. */
  public static int crashed(String point) {
    AtomicInteger count = CRASHED.get(point);
    return count == null ? 0 : count.get();
  }

  public static void reset() {
    ARMED.clear();
    CRASHED.clear();
  }

  static void after(String point) {
    AtomicInteger armed = ARMED.get(point);
    if (armed != null && armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      CRASHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
      throw new IllegalStateException("test crash after the effect at " + point);
    }
  }

  @Bean
  static BeanPostProcessor crashHooks() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof JavaDelegate step && name.endsWith("Step") && bean.getClass().getName().startsWith("dunes.")) {
          return (JavaDelegate) execution -> {
            step.execute(execution);
            after("step:" + name);
          };
        }
        if (bean instanceof CertsrvPort ca) {
          return proxy(CertsrvPort.class, ca, (method, args) -> method.equals("submit") ? "certsrv:submit" : null);
        }
        if (bean instanceof NodeShellPort shell) {
          return proxy(NodeShellPort.class, shell, (method, args) -> method.equals("upload") ? "shell:upload:" + args[1] : null);
        }
        return bean;
      }
    };
  }

  private interface Point {
    String of(String method, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target, Point point) {
    InvocationHandler handler = (self, method, args) -> {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      String at = point.of(method.getName(), args);
      if (at != null) {
        after(at);
      }
      return result;
    };
    // every interface of the target, so Spring still finds its close() at shutdown
    return (T) Proxy.newProxyInstance(type.getClassLoader(), ClassUtils.getAllInterfaces(target), handler);
  }
}
