/** Parse tree of a Go text/template (the node kinds of Go's text/template/parse). */

export interface Located {
  /** 1-based line and column of the node's first token, for error messages. */
  line: number;
  col: number;
  /** Source text of the node, as Go's error context `<...>` shows it. */
  src: string;
}

export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode;

export interface ListNode {
  nodes: Node[];
}

export interface TextNode {
  type: 'text';
  text: string;
}

export interface ActionNode extends Located {
  type: 'action';
  pipe: PipeNode;
}

export interface BranchNode extends Located {
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}

export interface IfNode extends BranchNode {
  type: 'if';
}

export interface WithNode extends BranchNode {
  type: 'with';
}

export interface RangeNode extends BranchNode {
  type: 'range';
}

export interface TemplateNode extends Located {
  type: 'template';
  name: string;
  pipe?: PipeNode;
}

export interface BreakNode extends Located {
  type: 'break';
}

export interface ContinueNode extends Located {
  type: 'continue';
}

export interface PipeNode extends Located {
  type: 'pipe';
  /** `$x :=` / `$i, $e :=` declarations, or `$x =` when isAssign. */
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
}

export interface CommandNode extends Located {
  type: 'command';
  args: ArgNode[];
}

export type ArgNode =
  | FieldNode
  | ChainNode
  | VariableNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | IdentifierNode
  | PipeNode;

/** `.A.B`: field names without dots. */
export interface FieldNode extends Located {
  type: 'field';
  ident: string[];
}

/** `(pipeline).A.B` or `$x.A` after a term. */
export interface ChainNode extends Located {
  type: 'chain';
  node: ArgNode;
  field: string[];
}

/** `$x.A.B`: ident[0] is the variable name including `$`. */
export interface VariableNode extends Located {
  type: 'variable';
  ident: string[];
}

export interface DotNode extends Located {
  type: 'dot';
}

export interface NilNode extends Located {
  type: 'nil';
}

export interface BoolNode extends Located {
  type: 'bool';
  value: boolean;
}

export interface NumberNode extends Located {
  type: 'number';
  isInt: boolean;
  isFloat: boolean;
  /** Integer value (as bigint to keep exactness) when isInt. */
  int?: bigint;
  float?: number;
  text: string;
}

export interface StringNode extends Located {
  type: 'string';
  value: string;
}

export interface IdentifierNode extends Located {
  type: 'identifier';
  name: string;
}
