function n = vector_norm(x, p)
  % VECTOR_NORM  p-norm of a vector, computed without norm().
  %   n = vector_norm(x)     Euclidean norm (p = 2)
  %   n = vector_norm(x, p)  p-norm for a real p >= 1
  %   n = vector_norm(x, Inf) maximum norm max(abs(x))
  if nargin < 2
    p = 2;
  end
  % BEGIN SOLUTION
  if ~isempty(x) && ~isvector(x)
    error('vector_norm:notVector', 'x must be a vector');
  end
  if ~isscalar(p) || ~isreal(p) || isnan(p) || p < 1
    error('vector_norm:invalidP', 'p must be a real number >= 1 or Inf');
  end
  a = abs(x(:));
  if isinf(p)
    n = max([0; a]);
  elseif p == 1
    n = sum(a);
  else
    n = sum(a .^ p) ^ (1 / p);
  end
  % END SOLUTION
end
