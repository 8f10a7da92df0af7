function n = vector_norm(x, p)
  % VECTOR_NORM  p-norm of a vector, computed without norm().
  %   n = vector_norm(x)     Euclidean norm (p = 2)
  %   n = vector_norm(x, p)  p-norm for a finite real p >= 1
  if nargin < 2
    p = 2;
  end
  % BEGIN SOLUTION
  if ~isempty(x) && ~isvector(x)
    error('vector_norm:notVector', 'x must be a vector');
  end
  if ~isscalar(p) || ~isreal(p) || ~isfinite(p) || p < 1
    error('vector_norm:invalidP', 'p must be a finite real number >= 1');
  end
  a = abs(x(:));
  if p == 1
    n = sum(a);
  else
    n = sum(a .^ p) ^ (1 / p);
  end
  % END SOLUTION
end
