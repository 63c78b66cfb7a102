package io.wshandshake.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles a README Java block against the test class path, the way a reader would use it:
 * <ul>
 * <li>a block with {@code package} or {@code import} lines is a whole source file, compiled as it is;</li>
 * <li>a block that declares a class (or record, interface, enum) gets the usual imports ({@link #IMPORTS});</li>
 * <li>a block marked {@code <!-- java: given Type name, ... -->} is a method body with those parameters;</li>
 * <li>any other block is class members (a {@code @Bean} method, say), compiled inside a class.</li>
 * </ul>
 * Errors are reported at their README line.
 */
final class JavaSnippets {

    /** The imports a snippet without its own may rely on. */
    static final List<String> IMPORTS = List.of("java.net.URI", "java.time.Duration", "java.util.*",
            "java.util.concurrent.*", "io.wshandshake.client.*", "io.wshandshake.core.*",
            "io.wshandshake.observation.*", "jakarta.websocket.ContainerProvider", "jakarta.websocket.WebSocketContainer",
            "org.slf4j.Logger", "org.slf4j.LoggerFactory", "org.springframework.beans.factory.annotation.Autowired",
            "org.springframework.context.annotation.Bean", "org.springframework.context.event.EventListener",
            "org.springframework.stereotype.Component", "org.springframework.web.socket.*",
            "org.springframework.web.socket.client.WebSocketClient",
            "org.springframework.web.socket.handler.TextWebSocketHandler");

    private static final Pattern GIVEN = Pattern.compile("java:\\s*given\\s+(.*)");

    private static final Pattern SOURCE_FILE = Pattern.compile("(?m)^(package|import)\\s");

    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    private JavaSnippets() {
    }

    /** Compiles the block into {@code output}; returns the errors as {@code README.md:<line>: <message>}. */
    static List<String> compile(Readme.Block block, Path output) throws IOException {
        String prefix;
        String suffix;
        Matcher given = GIVEN.matcher(block.marker());
        Matcher type = TYPE.matcher(block.text());
        if (SOURCE_FILE.matcher(block.text()).find()) {
            prefix = "";
            suffix = "";
        }
        else if (given.matches()) {
            prefix = imports() + "class Snippet {\n void snippet(" + given.group(1) + ") throws Exception {\n";
            suffix = "}\n}\n";
        }
        else if (type.find()) {
            prefix = imports();
            suffix = "";
        }
        else {
            prefix = imports() + "class Snippet {\n";
            suffix = "}\n";
        }
        Matcher declared = TYPE.matcher(prefix + block.text());
        String className = declared.find() ? declared.group(1) : "Snippet";
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return prefix + block.text() + suffix;
            }
        };
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath(), "-d",
                output.toString());
        compiler.getTask(null, null, diagnostics, options, null, List.of(source)).call();
        int prefixLines = (int) prefix.chars().filter(c -> c == '\n').count();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                long line = block.line() + diagnostic.getLineNumber() - 1 - prefixLines;
                errors.add("README.md:" + line + ": " + diagnostic.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }

    private static String imports() {
        StringBuilder imports = new StringBuilder();
        IMPORTS.forEach(name -> imports.append("import ").append(name).append(";\n"));
        return imports.toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
