package io.segmentindex.platform;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method in a JTA transaction, joining the caller's if there is one; any exception rolls it back. Used
 * instead of {@code jakarta.transaction.Transactional}, whose Liberty interceptor writes an FFDC incident report
 * for every exception that leaves it, a 404 or a 409 included: here only the caller decides what is an incident.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface InTransaction {
}
