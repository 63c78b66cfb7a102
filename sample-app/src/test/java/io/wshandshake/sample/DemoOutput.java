package io.wshandshake.sample;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects what the demonstration logs, message by message, without printing it: tests log warnings only (see
 * logback-test.xml), so a passing build does not repeat the demonstration.
 */
final class DemoOutput {

    private DemoOutput() {
    }

    /** Runs {@code demo} and returns the messages {@link HandshakeDemo} logged meanwhile, in order. */
    static List<String> of(Demo demo) throws Exception {
        return of(HandshakeDemo.class, demo);
    }

    /** Runs {@code demo} and returns the messages the logger of {@code source} logged meanwhile, in order. */
    static List<String> of(Class<?> source, Demo demo) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        boolean additive = logger.isAdditive();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        try {
            demo.run();
        }
        finally {
            logger.detachAppender(appender);
            logger.setAdditive(additive);
            logger.setLevel(level);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @FunctionalInterface
    interface Demo {

        void run() throws Exception;
    }
}
