/*
 * Python 3.8-3.13 syntax, written for Tach after the structure of CPython's Grammar/python.gram.
 * It accepts a superset of Python: assignment targets, parameter order and the like are not
 * checked here, since discovery only reads files that CPython compiles.
 */
parser grammar PythonParser;

options { tokenVocab = PythonLexer; }

file_input : ( NEWLINE | statement )* EOF ;

statement : compound_stmt | simple_stmts ;

simple_stmts : simple_stmt ( ';' simple_stmt )* ';'? NEWLINE ;

simple_stmt
    : type_alias
    | expression_stmt
    | return_stmt
    | import_stmt
    | raise_stmt
    | 'pass'
    | del_stmt
    | yield_expr
    | assert_stmt
    | 'break'
    | 'continue'
    | global_stmt
    | nonlocal_stmt
    ;

expression_stmt
    : star_expressions
      ( ':' expression ( '=' assigned_value )?
      | augassign assigned_value
      | ( '=' assigned_value )*
      )
    ;

assigned_value : yield_expr | star_expressions ;

augassign
    : '+=' | '-=' | '*=' | '@=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '**=' | '//='
    ;

type_alias : 'type' name type_params? '=' expression ;

return_stmt : 'return' star_expressions? ;
raise_stmt : 'raise' ( expression ( 'from' expression )? )? ;
del_stmt : 'del' star_expressions ;
assert_stmt : 'assert' expression ( ',' expression )? ;
global_stmt : 'global' name ( ',' name )* ;
nonlocal_stmt : 'nonlocal' name ( ',' name )* ;

import_stmt : import_name | import_from ;
import_name : 'import' dotted_as_name ( ',' dotted_as_name )* ;
dotted_as_name : dotted_name ( 'as' name )? ;
dotted_name : name ( '.' name )* ;
import_from
    : 'from' ( '.' | '...' )* dotted_name 'import' import_targets
    | 'from' ( '.' | '...' )+ 'import' import_targets
    ;
import_targets
    : '(' import_as_name ( ',' import_as_name )* ','? ')'
    | import_as_name ( ',' import_as_name )*
    | '*'
    ;
import_as_name : name ( 'as' name )? ;

compound_stmt
    : function_def
    | if_stmt
    | class_def
    | with_stmt
    | for_stmt
    | try_stmt
    | while_stmt
    | match_stmt
    ;

block : simple_stmts | NEWLINE INDENT statement+ DEDENT ;

decorator : '@' named_expression NEWLINE ;

function_def
    : decorator* 'async'? 'def' name type_params? '(' parameters? ')' ( '->' expression )? ':' block
    ;

class_def : decorator* 'class' name type_params? ( '(' arguments? ')' )? ':' block ;

type_params : '[' type_param ( ',' type_param )* ','? ']' ;
type_param
    : name ( ':' expression )? ( '=' expression )?
    | '*' name ( '=' star_expression )?
    | '**' name ( '=' expression )?
    ;

parameters : parameter ( ',' parameter )* ','? ;
parameter
    : '/'
    | '*' ( name ( ':' star_expression )? )?
    | '**' name ( ':' expression )?
    | name ( ':' expression )? ( '=' expression )?
    ;

if_stmt
    : 'if' named_expression ':' block ( 'elif' named_expression ':' block )* ( 'else' ':' block )?
    ;
while_stmt : 'while' named_expression ':' block ( 'else' ':' block )? ;
for_stmt
    : 'async'? 'for' star_targets 'in' star_expressions ':' block ( 'else' ':' block )?
    ;
with_stmt
    : 'async'? 'with' '(' with_item ( ',' with_item )* ','? ')' ':' block
    | 'async'? 'with' with_item ( ',' with_item )* ':' block
    ;
with_item : expression ( 'as' star_target )? ;

try_stmt
    : 'try' ':' block
      ( except_clause+ ( 'else' ':' block )? ( 'finally' ':' block )?
      | 'finally' ':' block
      )
    ;
except_clause : 'except' '*'? ( expression ( 'as' name )? )? ':' block ;

// match statements (3.10)

match_stmt : 'match' subject_expr ':' NEWLINE INDENT case_block+ DEDENT ;
subject_expr
    : star_named_expression ',' ( star_named_expression ( ',' star_named_expression )* ','? )?
    | named_expression
    ;
case_block : 'case' patterns ( 'if' named_expression )? ':' block ;
patterns : maybe_star_pattern ( ',' maybe_star_pattern )* ','? ;
pattern : or_pattern ( 'as' name )? ;
or_pattern : closed_pattern ( '|' closed_pattern )* ;
closed_pattern
    : literal_pattern
    | name_or_attr ( '(' pattern_arguments? ')' )?
    | '(' maybe_sequence_pattern? ')'
    | '[' maybe_sequence_pattern? ']'
    | '{' mapping_items? '}'
    ;
literal_pattern
    : signed_number ( ( '+' | '-' ) NUMBER )?
    | strings
    | 'None'
    | 'True'
    | 'False'
    ;
signed_number : '-'? NUMBER ;
name_or_attr : name ( '.' name )* ;
maybe_sequence_pattern : maybe_star_pattern ( ',' maybe_star_pattern )* ','? ;
maybe_star_pattern : '*' name | pattern ;
mapping_items : mapping_item ( ',' mapping_item )* ','? ;
mapping_item
    : ( literal_pattern | name_or_attr ) ':' pattern
    | '**' name
    ;
pattern_arguments : pattern_argument ( ',' pattern_argument )* ','? ;
pattern_argument : name '=' pattern | pattern ;

// expressions

star_expressions : star_expression ( ',' star_expression )* ','? ;
star_expression : '*' bitwise_or | expression ;
star_named_expressions : star_named_expression ( ',' star_named_expression )* ','? ;
star_named_expression : '*' bitwise_or | named_expression ;
named_expression : name ':=' expression | expression ;

expression
    : disjunction ( 'if' disjunction 'else' expression )?
    | lambdef
    ;

yield_expr : 'yield' ( 'from' expression | star_expressions )? ;

lambdef : 'lambda' lambda_parameters? ':' expression ;
lambda_parameters : lambda_parameter ( ',' lambda_parameter )* ','? ;
lambda_parameter
    : '/'
    | '*' name?
    | '**' name
    | name ( '=' expression )?
    ;

disjunction : conjunction ( 'or' conjunction )* ;
conjunction : inversion ( 'and' inversion )* ;
inversion : 'not' inversion | comparison ;
comparison : bitwise_or ( comp_op bitwise_or )* ;
comp_op
    : '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in' | 'is' | 'is' 'not'
    ;
bitwise_or : bitwise_xor ( '|' bitwise_xor )* ;
bitwise_xor : bitwise_and ( '^' bitwise_and )* ;
bitwise_and : shift_expr ( '&' shift_expr )* ;
shift_expr : sum ( ( '<<' | '>>' ) sum )* ;
sum : term ( ( '+' | '-' ) term )* ;
term : factor ( ( '*' | '/' | '//' | '%' | '@' ) factor )* ;
factor : ( '+' | '-' | '~' ) factor | power ;
power : 'await'? primary ( '**' factor )? ;

primary : atom trailer* ;
trailer
    : '.' name
    | '(' arguments? ')'
    | '[' slices ']'
    ;

slices : slice ( ',' slice )* ','? ;
slice
    : expression? ':' expression? ( ':' expression? )?
    | '*' bitwise_or
    | named_expression
    ;

atom
    : name
    | 'True'
    | 'False'
    | 'None'
    | strings
    | NUMBER
    | '...'
    | '(' ( yield_expr | star_named_expression ( comprehension | ( ',' star_named_expression )* ','? ) )? ')'
    | '[' ( star_named_expression ( comprehension | ( ',' star_named_expression )* ','? ) )? ']'
    | '{' dict_or_set? '}'
    ;

dict_or_set
    : dict_item ( comprehension | ( ',' dict_item )* ','? )
    | star_named_expression ( comprehension | ( ',' star_named_expression )* ','? )
    ;
dict_item : expression ':' expression | '**' bitwise_or ;

comprehension : comp_for+ ;
comp_for : 'async'? 'for' star_targets 'in' disjunction ( 'if' disjunction )* ;

star_targets : star_target ( ',' star_target )* ','? ;
star_target : '*'? primary ;

arguments : argument ( ',' argument )* ','? ;
argument
    : name '=' expression
    | '*' expression
    | '**' expression
    | named_expression comprehension?
    ;

strings : STRING+ ;

name : NAME | 'match' | 'case' | 'type' | '_' ;
