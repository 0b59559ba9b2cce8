/*
 * Python 3.8-3.13 tokens, written for Tach. INDENT, DEDENT and the NEWLINEs that end logical
 * lines are decided by PythonLexerBase; f-strings (with 3.12 nested quotes) are one STRING
 * token each, scanned by PythonLexerBase.scanFString.
 */
lexer grammar PythonLexer;

options { superClass = PythonLexerBase; }

tokens { INDENT, DEDENT }

// Keywords come before NAME so that a keyword wins a tie.
FALSE : 'False';
NONE : 'None';
TRUE : 'True';
AND : 'and';
AS : 'as';
ASSERT : 'assert';
ASYNC : 'async';
AWAIT : 'await';
BREAK : 'break';
CLASS : 'class';
CONTINUE : 'continue';
DEF : 'def';
DEL : 'del';
ELIF : 'elif';
ELSE : 'else';
EXCEPT : 'except';
FINALLY : 'finally';
FOR : 'for';
FROM : 'from';
GLOBAL : 'global';
IF : 'if';
IMPORT : 'import';
IN : 'in';
IS : 'is';
LAMBDA : 'lambda';
NONLOCAL : 'nonlocal';
NOT : 'not';
OR : 'or';
PASS : 'pass';
RAISE : 'raise';
RETURN : 'return';
TRY : 'try';
WHILE : 'while';
WITH : 'with';
YIELD : 'yield';

// Soft keywords: the parser also accepts them wherever a name is allowed.
MATCH : 'match';
CASE : 'case';
TYPE : 'type';
UNDERSCORE : '_';

STRING
    : STRING_PREFIX? ( SHORT_STRING | LONG_STRING )
    | BYTES_PREFIX ( SHORT_STRING | LONG_STRING )
    ;

// Becomes a STRING: scanFString consumes the rest of the f-string.
FSTRING_START
    : ( [fF] [rR]? | [rR] [fF] ) [\u0027"] { scanFString(); }
    ;

// Shorter than any STRING that starts at the same place, so it only wins where the closing
// quote is missing; PythonLexerBase reports it with CPython's message.
UNTERMINATED_STRING
    : ( STRING_PREFIX | BYTES_PREFIX )?
      ( '\'' ( ESCAPE | ~[\\\r\n'] )* | '"' ( ESCAPE | ~[\\\r\n"] )* )
    ;

NUMBER
    : ( INTEGER | FLOAT ) [jJ]?
    ;

NAME : ID_START ID_CONTINUE* ;

// Operators and delimiters
LPAR : '(';
RPAR : ')';
LSQB : '[';
RSQB : ']';
LBRACE : '{';
RBRACE : '}';
ELLIPSIS : '...';
DOT : '.';
COMMA : ',';
COLON : ':';
SEMI : ';';
COLONEQUAL : ':=';
RARROW : '->';
AT : '@';
EQUAL : '=';
PLUS : '+';
MINUS : '-';
STAR : '*';
DOUBLESTAR : '**';
SLASH : '/';
DOUBLESLASH : '//';
PERCENT : '%';
VBAR : '|';
AMPER : '&';
CIRCUMFLEX : '^';
TILDE : '~';
LEFTSHIFT : '<<';
RIGHTSHIFT : '>>';
LESS : '<';
GREATER : '>';
EQEQUAL : '==';
NOTEQUAL : '!=';
LESSEQUAL : '<=';
GREATEREQUAL : '>=';
PLUSEQUAL : '+=';
MINEQUAL : '-=';
STAREQUAL : '*=';
SLASHEQUAL : '/=';
DOUBLESLASHEQUAL : '//=';
PERCENTEQUAL : '%=';
ATEQUAL : '@=';
AMPEREQUAL : '&=';
VBAREQUAL : '|=';
CIRCUMFLEXEQUAL : '^=';
LEFTSHIFTEQUAL : '<<=';
RIGHTSHIFTEQUAL : '>>=';
DOUBLESTAREQUAL : '**=';

NEWLINE : '\r'? '\n' | '\r' ;

COMMENT : '#' ~[\r\n]* -> channel(HIDDEN) ;

// A backslash joins physical lines; CPython allows nothing between it and the newline.
LINE_JOIN : '\\' ( '\r'? '\n' | '\r' ) -> skip ;

WS : [ \t\f]+ -> skip ;

BOM : '\uFEFF' -> skip ;

ERROR_CHAR : . ;

fragment STRING_PREFIX : [rRuU] ;
fragment BYTES_PREFIX : [bB] | [bB] [rR] | [rR] [bB] ;

fragment SHORT_STRING
    : '\'' ( ESCAPE | ~[\\\r\n'] )* '\''
    | '"' ( ESCAPE | ~[\\\r\n"] )* '"'
    ;

fragment LONG_STRING
    : '\'\'\'' ( ESCAPE | ~'\\' )*? '\'\'\''
    | '"""' ( ESCAPE | ~'\\' )*? '"""'
    ;

fragment ESCAPE : '\\' ( '\r\n' | . ) ;

fragment INTEGER
    : [1-9] ( '_'? DIGIT )*
    | '0'+ ( '_'? '0' )*
    | '0' [xX] ( '_'? [0-9a-fA-F] )+
    | '0' [oO] ( '_'? [0-7] )+
    | '0' [bB] ( '_'? [01] )+
    ;

fragment FLOAT
    : DIGIT_PART? '.' DIGIT_PART EXPONENT?
    | DIGIT_PART '.' EXPONENT?
    | DIGIT_PART EXPONENT
    ;

fragment DIGIT_PART : DIGIT ( '_'? DIGIT )* ;
fragment EXPONENT : [eE] [+-]? DIGIT_PART ;
fragment DIGIT : [0-9] ;

fragment ID_START : [\p{L}\p{Nl}_\u2118\u212E\u309B\u309C] ;
fragment ID_CONTINUE : [\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u00B7\u0387\u1369-\u1371\u19DA\u2118\u212E\u309B\u309C] ;
